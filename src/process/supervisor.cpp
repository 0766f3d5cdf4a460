#include "process/supervisor.hpp"

#include "process/banner.hpp"
#include "process/exit_code.hpp"
#include "process/parent_dump.hpp"
#include "runtime/dump_file.hpp"
#include "runtime/signals.hpp"
#include "script/script_spawner.hpp"
#include "util/log.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace vigil::process {
namespace {

std::string child_ident(const ProcessConfig& config) {
    return runtime::make_ident("Keepalived_vrrp", config.net_namespace, config.instance);
}

// startup_script / shutdown_script: run and wait (bounded), as keepalived's parent does.
void run_and_wait(const std::vector<std::string>& argv, uid_t uid, gid_t gid, std::chrono::seconds limit) {
    if (argv.empty()) {
        return;
    }
    const pid_t pid = script::spawn_script(argv, script::ScriptUser{uid, gid});
    if (pid <= 0) {
        return;
    }
    const auto end = std::chrono::steady_clock::now() + limit;
    while (::waitpid(pid, nullptr, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= end) {
            log::info("Script {} timed out - killing", argv[0]);
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            return;
        }
        ::usleep(2000);
    }
}

double seconds_of(const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

} // namespace

// The channel carries lines: "R" = config read, "S<text>" = status text.
void ChildChannel::config_read() noexcept {
    if (fd_) {
        [[maybe_unused]] auto n = ::write(fd_.get(), "R\n", 2);
    }
}

void ChildChannel::status(std::string_view text) noexcept {
    if (fd_) {
        char line[256];
        const std::size_t len = std::min(text.size(), sizeof(line) - 2);
        line[0] = 'S';
        std::memcpy(line + 1, text.data(), len);
        line[len + 1] = '\n';
        [[maybe_unused]] auto n = ::write(fd_.get(), line, len + 2);
    }
}

Supervisor::Supervisor(const DaemonSettings& settings, ProcessConfig config, PidPaths paths,
                       runtime::LogSinks& sinks, SystemdNotifier& notifier, ChildMain vrrp_main,
                       ConfigReloader reloader, IdleHook on_idle, ChildLostHook on_child_lost)
    : settings_(settings), config_(std::move(config)), paths_(std::move(paths)), sinks_(sinks),
      notifier_(notifier), vrrp_main_(std::move(vrrp_main)), reloader_(std::move(reloader)),
      on_idle_(std::move(on_idle)), on_child_lost_(std::move(on_child_lost)) {}

void Supervisor::start_child() {
    std::array<int, 2> pipe_fds{};
    if (::pipe2(pipe_fds.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
        log::error("Unable to create VRRP child pipe - {}", std::strerror(errno));
        return;
    }
    UniqueFd read_end(pipe_fds[0]);
    UniqueFd write_end(pipe_fds[1]);
    // The child waits until the parent has logged "Starting VRRP child process" (so the
    // child's first lines follow it, as with keepalived): EOF on this pipe releases it.
    std::array<int, 2> go_fds{};
    if (::pipe2(go_fds.data(), O_CLOEXEC) != 0) {
        log::error("Unable to create VRRP child pipe - {}", std::strerror(errno));
        return;
    }
    UniqueFd go_read(go_fds[0]);
    UniqueFd go_write(go_fds[1]);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        log::error("Unable to fork VRRP child process - {}", std::strerror(errno));
        return;
    }
    if (pid == 0) {
        // The VRRP child. Nothing of the parent's loop survives here.
        signal_fd_.reset();
        read_end.reset();
        ready_fd_.reset();
        go_write.reset();
        char byte = 0;
        while (::read(go_read.get(), &byte, 1) < 0 && errno == EINTR) {
        }
        go_read.reset();
        // The parent's death stops the child at once (it releases its VIPs as on SIGTERM);
        // a parent that died before the prctl() is seen by getppid().
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) {
            ::_exit(to_int(ExitCode::ok));
        }
        sinks_.set_ident(child_ident(config_));
        SystemdNotifier::unset_environment();
        int code = to_int(ExitCode::fatal);
        try {
            PidFile pid_file = PidFile::create(paths_.vrrp);
            ChildChannel channel(std::move(write_end));
            code = vrrp_main_(channel);
        } catch (const std::exception& e) {
            log::error("VRRP child failed: {}", e.what());
        } catch (...) {
            log::error("VRRP child failed");
        }
        ::_exit(code);
    }
    child_ = pid;
    child_started_ = std::chrono::steady_clock::now();
    ready_fd_ = std::move(read_end);
    log::info("Starting VRRP child process, pid={}", pid);
    go_write.reset();
}

void Supervisor::forward(int signo) const {
    if (child_ > 0) {
        ::kill(child_, signo);
    }
}

void Supervisor::on_child_ready() {
    std::array<char, 512> buf{};
    bool read_config = false;
    ssize_t n = 0;
    while ((n = ::read(ready_fd_.get(), buf.data(), buf.size())) > 0) {
        partial_.append(buf.data(), static_cast<std::size_t>(n));
    }
    if (n == 0) {
        ready_fd_.reset(); // the child closed its end (it is exiting)
    }
    std::size_t start = 0;
    for (std::size_t nl = partial_.find('\n'); nl != std::string::npos; nl = partial_.find('\n', start)) {
        const std::string_view line(partial_.data() + start, nl - start);
        if (line == "R") {
            read_config = true;
        } else if (line.starts_with('S')) {
            notifier_.send(fmt::format("STATUS={}", line.substr(1)));
        }
        start = nl + 1;
    }
    partial_.erase(0, start);
    if (!read_config) {
        return;
    }
    if (!startup_reported_) {
        startup_reported_ = true;
        log::info("Startup complete");
        notifier_.send(fmt::format("READY=1\nMAINPID={}", ::getpid()));
    } else if (reload_pending_) {
        reload_pending_ = false;
        log::info("Reload complete");
        notifier_.send("READY=1");
    }
}

void Supervisor::reload() {
    if (!reloader_) {
        log::info("Reloading ...");
    } else {
        std::optional<ProcessConfig> fresh = reloader_();
        if (!fresh) {
            return;
        }
        // Pid file names and the namespace cannot change on reload.
        fresh->instance = config_.instance;
        fresh->net_namespace = config_.net_namespace;
        fresh->use_pid_dir = config_.use_pid_dir;
        config_ = std::move(*fresh);
    }
    notifier_.send("RELOADING=1");
    reload_pending_ = true;
    if (child_ > 0) {
        ::kill(child_, SIGHUP);
    } else if (config_.has_vrrp || settings_.run_all) {
        restart_at_.reset();
        start_child();
    } else {
        reload_pending_ = false;
        log::info("Reload complete");
        notifier_.send("READY=1");
    }
}

void Supervisor::begin_stop() {
    if (phase_ == Phase::stopping) {
        return;
    }
    phase_ = Phase::stopping;
    restart_at_.reset();
    // The child's priority-0 adverts start the backups' takeover: signal it before logging.
    if (child_ > 0) {
        ::kill(child_, SIGTERM);
        kill_at_ = std::chrono::steady_clock::now() + config_.child_wait_time;
    }
    log::info("Stopping");
    notifier_.send("STOPPING=1");
}

void Supervisor::on_child_exit(pid_t pid, int status) {
    if (pid != child_) {
        return;
    }
    child_ = 0;
    ready_fd_.reset();
    // A child killed by a signal cannot remove its own pid file.
    if (WIFSIGNALED(status)) {
        ::unlink(paths_.vrrp.c_str());
    }
    const bool unclean = WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
    if (unclean && on_child_lost_ && !settings_.dont_release_vrrp) {
        on_child_lost_();
    }
    if (phase_ == Phase::stopping) {
        return;
    }
    if (WIFEXITED(status)) {
        const int code = WEXITSTATUS(status);
        const char* what = code == to_int(ExitCode::fatal)    ? "FATAL"
                           : code == to_int(ExitCode::config) ? "CONFIG"
                           : code == to_int(ExitCode::missing_permission) ? "missing permission"
                                                                          : nullptr;
        if (what != nullptr) {
            log::info("{} exited with permanent error {}. Terminating", child_ident(config_), what);
            // keepalived's systemd_notify_error: EPERM for missing permission, else EINVAL.
            notifier_.send(fmt::format("ERRNO={}", code == to_int(ExitCode::missing_permission) ? EPERM : EINVAL));
            exit_code_ = code;
            begin_stop();
            return;
        }
    } else if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        if (sig == SIGKILL) {
            log::info("pid {} exited due to signal {} ({}) - has rlimit_rttime been exceeded?", pid,
                      sig, ::strsignal(sig));
        } else {
            log::info("pid {} exited due to signal {} ({})", pid, sig, ::strsignal(sig));
        }
    }
    if (settings_.dont_respawn) {
        log::alert("VRRP child process({}) died: Exiting", pid);
        begin_stop();
        return;
    }
    log::alert("VRRP child process({}) died: Respawning", pid);
    const auto delay = backoff_.on_death(std::chrono::steady_clock::now() - child_started_);
    if (delay.count() > 0) {
        log::info("Restart of VRRP process delayed {} seconds to limit respawn rate", delay.count());
    }
    restart_at_ = std::chrono::steady_clock::now() + delay;
}

void Supervisor::reap_children() {
    for (;;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0) {
            return;
        }
        on_child_exit(pid, status);
    }
}

void Supervisor::on_signal(int signo) {
    if (signo == SIGTERM || signo == SIGINT) {
        begin_stop();
    } else if (signo == SIGCHLD) {
        reap_children();
    } else if (signo == SIGHUP) {
        if (phase_ == Phase::running) {
            reload();
        }
    } else {
        // SIGUSR1 (DATA), SIGUSR2 (STATS), SIGRTMIN+2 (JSON), SIGRTMAX-1 (STATS_CLEAR).
        if (signo == SIGUSR1) {
            write_parent_dump();
        }
        forward(signo);
    }
}

void Supervisor::write_parent_dump() const {
    GlobalDefinitions g;
    g.router_id = config_.router_id;
    g.net_namespace = config_.net_namespace;
    g.instance = config_.instance;
    runtime::write_dump("keepalived_parent.data", format_parent_data(g));
}

int Supervisor::poll_timeout_ms() const {
    std::optional<std::chrono::steady_clock::time_point> next = restart_at_;
    if (kill_at_ && (!next || *kill_at_ < *next)) {
        next = kill_at_;
    }
    if (!next) {
        return -1;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*next - std::chrono::steady_clock::now());
    return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

int Supervisor::run() {
    const sigset_t set = runtime::daemon_signal_set();
    signal_fd_ = UniqueFd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!signal_fd_) {
        throw std::system_error(errno, std::generic_category(), "signalfd");
    }
    if (config_.has_lvs) {
        log::info("LVS configuration (virtual_server) is not supported by vigil - ignoring it");
    }
    run_and_wait(config_.startup_script, config_.script_uid, config_.script_gid, config_.startup_script_timeout);
    if (config_.has_vrrp || settings_.run_all) {
        start_child();
    } else {
        startup_reported_ = true;
        log::info("Startup complete");
        notifier_.send(fmt::format("READY=1\nMAINPID={}", ::getpid()));
    }

    while (phase_ == Phase::running || child_ > 0) {
        if (on_idle_) {
            on_idle_();
        }
        std::array<pollfd, 2> fds{{{signal_fd_.get(), POLLIN, 0}, {ready_fd_.get(), POLLIN, 0}}};
        const int n = ::poll(fds.data(), ready_fd_ ? 2 : 1, poll_timeout_ms());
        if (n < 0 && errno != EINTR) {
            log::error("poll failed - {}", std::strerror(errno));
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo info{};
            while (::read(signal_fd_.get(), &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info))) {
                on_signal(static_cast<int>(info.ssi_signo));
            }
        }
        if (ready_fd_ && (fds[1].revents & (POLLIN | POLLHUP))) {
            on_child_ready();
        }
        if (restart_at_ && now >= *restart_at_ && phase_ == Phase::running) {
            restart_at_.reset();
            start_child();
        }
        if (kill_at_ && now >= *kill_at_ && child_ > 0) {
            log::info("vrrp process failed to die - forcing termination");
            ::kill(child_, SIGKILL);
            kill_at_.reset();
        }
    }

    run_and_wait(config_.shutdown_script, config_.script_uid, config_.script_gid, config_.shutdown_script_timeout);
    if (settings_.log_detail > 0) {
        rusage self{};
        rusage children{};
        ::getrusage(RUSAGE_SELF, &self);
        ::getrusage(RUSAGE_CHILDREN, &children);
        log::detail("CPU usage (self/children) user: {:.6f}/{:.6f} system: {:.6f}/{:.6f}",
                    seconds_of(self.ru_utime), seconds_of(children.ru_utime),
                    seconds_of(self.ru_stime), seconds_of(children.ru_stime));
    }
    log::info("Stopped {}", version_banner);
    return exit_code_;
}

} // namespace vigil::process
