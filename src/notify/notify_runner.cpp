#include "notify/notify_runner.hpp"

#include "util/log.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace vigil::notify {

NotifyFifo NotifyFifo::open(const config::Fifo& fifo) {
    NotifyFifo result;
    result.path_ = fifo.path_;
    struct stat st {};
    if (::stat(fifo.path_.c_str(), &st) != 0) {
        if (::mkfifo(fifo.path_.c_str(), 0644) != 0) {
            log::error("Unable to create notify fifo {} - {}", fifo.path_, std::strerror(errno));
            return result;
        }
        if (fifo.user_) {
            if (auto user = script::resolve_script_user(*fifo.user_, fifo.group_)) {
                if (::chown(fifo.path_.c_str(), user->uid, user->gid) != 0) {
                    log::error("Unable to set owner of notify fifo {} - {}", fifo.path_, std::strerror(errno));
                }
            }
        }
    } else if (!S_ISFIFO(st.st_mode)) {
        log::error("{} is not a fifo", fifo.path_);
        return result;
    }
    result.fd_ = UniqueFd(::open(fifo.path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (!result.fd_) {
        log::error("Unable to open notify fifo {} - {}", fifo.path_, std::strerror(errno));
    }
    return result;
}

void NotifyFifo::write(std::string_view line) noexcept {
    if (fd_) {
        [[maybe_unused]] auto n = ::write(fd_.get(), line.data(), line.size());
    }
}

NotifyRunner::NotifyRunner(runtime::ChildReaper& reaper, script::ScriptUser default_user)
    : reaper_(reaper), default_user_(default_user) {}

NotifyRunner::~NotifyRunner() { stop_fifo_scripts(); }

void NotifyRunner::stop_fifo_scripts() noexcept {
    for (pid_t pid : fifo_scripts_) {
        ::kill(-pid, SIGTERM);
    }
    fifo_scripts_.clear();
}

void NotifyRunner::configure(const config::GlobalDefs& global) {
    std::vector<FifoSpec> fifos;
    if (global.vrrp_notify_fifo_) {
        fifos.push_back({*global.vrrp_notify_fifo_, &global.vrrp_notify_fifo_script_});
    }
    if (global.notify_fifo_) {
        fifos.push_back({*global.notify_fifo_, &global.notify_fifo_script_});
    }
    configure_fifos(fifos);
}

void NotifyRunner::configure_fifos(const std::vector<FifoSpec>& specs) {
    std::vector<config::Fifo> wanted;
    for (const FifoSpec& spec : specs) {
        wanted.push_back(spec.fifo);
    }
    if (wanted == configured_) {
        return; // reload with unchanged FIFOs: keep them and their readers
    }
    stop_fifo_scripts();
    fifos_.clear();
    configured_ = wanted;
    for (const FifoSpec& spec : specs) {
        NotifyFifo fifo = NotifyFifo::open(spec.fifo);
        if (fifo.valid() && spec.script != nullptr && spec.script->has_value()) {
            const config::Command& command = **spec.script;
            std::vector<std::string> argv = script::exec_argv(command.argv_, command.text_);
            argv.push_back(fifo.path());
            if (auto user = user_for(command)) {
                const pid_t pid = script::spawn_script(argv, *user);
                if (pid > 0) {
                    fifo_scripts_.push_back(pid);
                    reaper_.watch(pid, [this](pid_t dead, int) { std::erase(fifo_scripts_, dead); });
                }
            }
        }
        fifos_.push_back(std::move(fifo));
    }
}

pid_t NotifyRunner::spawn(const config::Command& command) {
    const std::optional<script::ScriptUser> user = user_for(command);
    if (!user) {
        return -1;
    }
    return script::spawn_script(script::exec_argv(command.argv_, command.text_), *user);
}

std::optional<script::ScriptUser> NotifyRunner::user_for(const config::Command& command) const {
    if (command.user_) {
        return script::resolve_script_user(*command.user_, command.group_);
    }
    return default_user_;
}

std::vector<pid_t> NotifyRunner::run(const NotifyPlan& plan) {
    std::vector<pid_t> pids;
    for (const ScriptJob& job : plan.scripts) {
        const std::optional<script::ScriptUser> user = user_for(*job.command);
        if (!user) {
            continue;
        }
        const pid_t pid = script::spawn_script(script::exec_argv(job.argv, job.command->argv_.size() == job.argv.size()
                                                                ? job.command->text_
                                                                : std::string_view()),
                                       *user);
        if (pid > 0) {
            pids.push_back(pid);
        }
    }
    write_fifos(plan.fifo_line);
    return pids;
}

void NotifyRunner::write_fifos(std::string_view line) noexcept {
    for (NotifyFifo& fifo : fifos_) {
        fifo.write(line);
    }
}

void NotifyRunner::wait_for(const std::vector<pid_t>& pids, std::chrono::milliseconds limit) noexcept {
    const auto end = std::chrono::steady_clock::now() + limit;
    std::vector<pid_t> left = pids;
    while (!left.empty()) {
        std::erase_if(left, [](pid_t pid) { return ::waitpid(pid, nullptr, WNOHANG) != 0; });
        if (left.empty() || std::chrono::steady_clock::now() >= end) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    for (pid_t pid : left) {
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }
}

} // namespace vigil::notify
