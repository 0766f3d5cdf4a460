#include "process/supervisor.hpp"

#include "process/banner.hpp"
#include "process/code_pages.hpp"
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
                       runtime::LogSinks& sinks, SystemdNotifier& notifier, ChildMains mains,
                       ConfigReloader reloader, ReloadDecided decided, IdleHook on_idle,
                       ChildLostHook on_child_lost)
    : settings_(settings), config_(std::move(config)), paths_(std::move(paths)), sinks_(sinks),
      notifier_(notifier), reloader_(std::move(reloader)), decided_(std::move(decided)),
      on_idle_(std::move(on_idle)),
      on_child_lost_(std::move(on_child_lost)) {
    // keepalived 2.2.7 starts the checker child before the VRRP child.
    if (mains.checker) {
        children_.push_back(Child{Kind::checker, std::move(mains.checker)});
    }
    if (mains.vrrp) {
        children_.push_back(Child{Kind::vrrp, std::move(mains.vrrp)});
    }
    if (mains.bfd) {
        children_.push_back(Child{Kind::bfd, std::move(mains.bfd)});
    }
}

namespace {

struct ChildWords {
    const char* name;       // "VRRP", "Healthcheck"
    const char* ident;      // syslog ident
    const char* short_name; // "vrrp", "checker"
};

ChildWords words_of(Supervisor::Kind kind) {
    switch (kind) {
    case Supervisor::Kind::checker: return ChildWords{"Healthcheck", "Keepalived_healthcheckers", "checker"};
    case Supervisor::Kind::vrrp: return ChildWords{"VRRP", "Keepalived_vrrp", "vrrp"};
    case Supervisor::Kind::bfd: return ChildWords{"BFD", "Keepalived_bfd", "bfd"};
    }
    return ChildWords{"", "", ""};
}

} // namespace

std::string Supervisor::ident_of(const Child& child) const {
    return runtime::make_ident(words_of(child.kind).ident, config_.net_namespace, config_.instance);
}

const std::string& Supervisor::pid_path_of(const Child& child) const noexcept {
    switch (child.kind) {
    case Kind::checker: return paths_.checkers;
    case Kind::vrrp: return paths_.vrrp;
    case Kind::bfd: return paths_.bfd;
    }
    return paths_.vrrp;
}

// keepalived's running_checker()/running_vrrp()/running_bfd(): -P, -C and -B each exclude a
// child; --all runs every child even without its configuration.
bool Supervisor::wanted(const Child& child) const noexcept {
    switch (child.kind) {
    case Kind::checker: return !settings_.vrrp_only && (config_.has_lvs || settings_.run_all);
    case Kind::vrrp: return !settings_.checker_only && (config_.has_vrrp || settings_.run_all);
    case Kind::bfd: return !settings_.no_bfd && (config_.has_bfd || settings_.run_all);
    }
    return false;
}

bool Supervisor::any_child() const noexcept {
    return std::any_of(children_.begin(), children_.end(), [](const Child& c) { return c.pid > 0; });
}

void Supervisor::start_child(Child& child) {
    const ChildWords words = words_of(child.kind);
    std::array<int, 2> pipe_fds{};
    if (::pipe2(pipe_fds.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
        log::error("Unable to create {} child pipe - {}", words.name, std::strerror(errno));
        return;
    }
    UniqueFd read_end(pipe_fds[0]);
    UniqueFd write_end(pipe_fds[1]);
    // The child waits until the parent has logged "Starting ... child process" (so the
    // child's first lines follow it, as with keepalived): EOF on this pipe releases it.
    std::array<int, 2> go_fds{};
    if (::pipe2(go_fds.data(), O_CLOEXEC) != 0) {
        log::error("Unable to create {} child pipe - {}", words.name, std::strerror(errno));
        return;
    }
    UniqueFd go_read(go_fds[0]);
    UniqueFd go_write(go_fds[1]);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        log::error("{} child process: fork error({})", words.name, std::strerror(errno));
        return;
    }
    if (pid == 0) {
        // The child. Nothing of the parent's loop survives here, nor its queued log lines.
        sinks_.after_fork();
        signal_fd_.reset();
        if (control_) {
            control_->abandon_in_child();
            (void)control_.release(); // its destructor would unlink the socket and edit the parent's epoll set
        }
        read_end.reset();
        for (Child& other : children_) {
            other.ready_fd.reset();
        }
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
        sinks_.set_ident(ident_of(child));
        SystemdNotifier::unset_environment();
        int code = to_int(ExitCode::fatal);
        try {
            PidFile pid_file = PidFile::create(pid_path_of(child));
            ChildChannel channel(std::move(write_end));
            code = child.main(channel);
        } catch (const std::exception& e) {
            log::error("{} child failed: {}", words.name, e.what());
        } catch (...) {
            log::error("{} child failed", words.name);
        }
        sinks_.flush_waiting(runtime::log_wait_budget); // its last lines ("Stopped ...")
        ::_exit(code);
    }
    const bool respawn = child.ever_started;
    child.pid = pid;
    child.started = std::chrono::steady_clock::now();
    ++child.starts;
    child.started_wall = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    child.ready_fd = std::move(read_end);
    child.partial.clear();
    child.awaiting_ready = true;
    child.ever_started = true;
    log::info("Starting {} child process, pid={}", words.name, pid);
    go_write.reset();
    if (respawn && (child.kind == Kind::vrrp || child.kind == Kind::checker)) {
        for (const Child& other : children_) {
            if (other.kind == Kind::bfd && other.pid > 0) {
                ::kill(other.pid, SIGUSR2); // report every session again to the new consumer
            }
        }
    }
}

void Supervisor::forward(int signo) const {
    for (const Child& child : children_) {
        if (child.pid > 0) {
            ::kill(child.pid, signo);
        }
    }
}

void Supervisor::on_child_ready(Child& child) {
    std::array<char, 512> buf{};
    bool read_config = false;
    ssize_t n = 0;
    while ((n = ::read(child.ready_fd.get(), buf.data(), buf.size())) > 0) {
        child.partial.append(buf.data(), static_cast<std::size_t>(n));
    }
    if (n == 0) {
        child.ready_fd.reset(); // the child closed its end (it is exiting)
    }
    std::size_t start = 0;
    for (std::size_t nl = child.partial.find('\n'); nl != std::string::npos; nl = child.partial.find('\n', start)) {
        const std::string_view line(child.partial.data() + start, nl - start);
        if (line == "R") {
            read_config = true;
        } else if (line.starts_with('S')) {
            notifier_.send(fmt::format("STATUS={}", line.substr(1)));
        }
        start = nl + 1;
    }
    child.partial.erase(0, start);
    if (read_config) {
        child.awaiting_ready = false;
        check_ready();
    }
}

// Start-up / reload is complete once no running child is still to report.
void Supervisor::check_ready() {
    if (std::any_of(children_.begin(), children_.end(), [](const Child& c) { return c.pid > 0 && c.awaiting_ready; })) {
        return;
    }
    if (!startup_reported_) {
        startup_reported_ = true;
        log::info("Startup complete");
        notifier_.send(fmt::format("READY=1\nMAINPID={}", ::getpid()));
        release_code_pages(); // start-up is over: its code out of the resident set
    } else if (reload_pending_) {
        reload_pending_ = false;
        log::info("Reload complete");
        notifier_.send("READY=1");
        release_code_pages();
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
        if (settings_.net_namespace) {
            fresh->net_namespace = *settings_.net_namespace; // -s wins, as at start-up
        }
        if (const std::vector<std::string> refused = unsupported_reload_changes(config_, *fresh); !refused.empty()) {
            for (const std::string& line : refused) {
                log::info("{}", line);
            }
            if (decided_) {
                decided_(ReloadVerdict::refused);
            }
            return;
        }
        fresh->use_pid_dir = config_.use_pid_dir; // pid file names cannot change on reload
        config_ = std::move(*fresh);
        if (decided_) {
            decided_(ReloadVerdict::accepted);
        }
    }
    notifier_.send("RELOADING=1");
    reload_pending_ = true;
    ++reloads_;
    for (Child& child : children_) {
        if (child.pid > 0) {
            child.awaiting_ready = true;
            ::kill(child.pid, SIGHUP);
        } else if (wanted(child)) {
            // keepalived: a child the new configuration needs is started.
            child.restart_at.reset();
            start_child(child);
        }
    }
    check_ready();
}

void Supervisor::begin_stop(StopCause cause) {
    if (phase_ == Phase::stopping) {
        return;
    }
    phase_ = Phase::stopping;
    reload_monitor_.reset();
    // The VRRP child's priority-0 adverts start the backups' takeover: signal before logging.
    for (Child& child : children_) {
        child.restart_at.reset();
        if (child.pid > 0) {
            ::kill(child.pid, SIGTERM);
            kill_at_ = std::chrono::steady_clock::now() + config_.child_wait_time;
        }
    }
    if (cause == StopCause::signal) {
        log::info("Stopping");
        notifier_.send("STOPPING=1");
    }
}

void Supervisor::on_child_exit(pid_t pid, int status) {
    const auto found = std::find_if(children_.begin(), children_.end(), [pid](const Child& c) { return c.pid == pid; });
    if (found == children_.end()) {
        return;
    }
    Child& child = *found;
    const ChildWords words = words_of(child.kind);
    child.pid = 0;
    child.ready_fd.reset();
    child.awaiting_ready = false;
    // A child killed by a signal cannot remove its own pid file.
    if (WIFSIGNALED(status)) {
        ::unlink(pid_path_of(child).c_str());
    }
    const bool unclean = WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0);
    if (unclean && child.kind == Kind::vrrp && on_child_lost_ && !settings_.dont_release_vrrp) {
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
            // keepalived forgets the child's pid before it reports (vrrp_respawn_thread and its
            // checker and BFD twins), so its name is never found: always "pid N".
            log::info("pid {} exited with permanent error {}. Terminating", pid, what);
            // keepalived's systemd_notify_error: EPERM for missing permission, else EINVAL.
            notifier_.send(fmt::format("ERRNO={}", code == to_int(ExitCode::missing_permission) ? EPERM : EINVAL));
            exit_code_ = code;
            begin_stop(StopCause::permanent_error);
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
        log::alert("{} child process({}) died: Exiting", words.name, pid);
        begin_stop();
        return;
    }
    log::alert("{} child process({}) died: Respawning", words.name, pid);
    const auto delay = child.backoff.on_death(std::chrono::steady_clock::now() - child.started);
    if (delay.count() > 0) {
        log::info("Restart of {} process delayed {} seconds to limit respawn rate", words.name, delay.count());
    }
    child.restart_at = std::chrono::steady_clock::now() + delay;
    check_ready();
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
            // keepalived stops the reload_time_file monitor for the reload and starts it again
            // with the configuration the reload leaves running.
            reload_monitor_.reset();
            reload();
            start_reload_monitor();
        }
    } else if (signo == SIGUSR1) {
        write_parent_dump();
        forward(signo);
    } else {
        // SIGUSR2 (STATS), SIGRTMIN+2 (JSON), SIGRTMAX-1 (STATS_CLEAR): the VRRP child only,
        // as keepalived 2.2.7 sends them.
        for (const Child& child : children_) {
            if (child.kind == Kind::vrrp && child.pid > 0) {
                ::kill(child.pid, signo);
            }
        }
    }
}

void Supervisor::write_parent_dump() const {
    static const config::GlobalDefs no_global{};
    static const config::RootSettings no_root{};
    const config::GlobalDefs& global = config_.global ? *config_.global : no_global;
    GlobalFacts facts = current_global_facts(global, DumpingProcess::parent, settings_);
    if (reload_monitor_) {
        facts.reload_scheduled = reload_monitor_->scheduled();
        facts.reload_date_specified = reload_monitor_->date_given();
    }
    runtime::write_dump("keepalived_parent.data",
                        format_global_definitions(global, config_.root ? *config_.root : no_root, facts));
}

control::ProcessesView Supervisor::processes() const {
    control::ProcessesView p;
    p.pid = static_cast<long>(::getpid());
    p.version = VIGIL_VERSION;
    p.started = started_wall_;
    p.config_file = settings_.config_file;
    p.reload_in_progress = reload_pending_;
    p.reloads = reloads_;
    for (const Child& child : children_) {
        control::ChildProcessView c;
        c.name = words_of(child.kind).short_name;
        c.ident = ident_of(child);
        c.pid = static_cast<long>(child.pid);
        c.wanted = wanted(child);
        c.starts = child.starts;
        c.started = child.started_wall;
        c.ready = child.pid > 0 && !child.awaiting_ready;
        if (child.kind == Kind::vrrp && !settings_.control_socket.empty()) {
            c.control_socket = vrrp_socket_path(settings_.control_socket);
        } else if (child.kind == Kind::checker && !settings_.control_socket.empty()) {
            c.control_socket = check_socket_path(settings_.control_socket);
        }
        p.children.push_back(std::move(c));
    }
    return p;
}

void Supervisor::start_reload_monitor() {
    if (!config_.reload_time_file.empty() && phase_ == Phase::running) {
        reload_monitor_ = ReloadMonitor::start(config_.reload_time_file, config_.reload_repeat);
    }
}

int Supervisor::poll_timeout_ms() const {
    std::optional<std::chrono::steady_clock::time_point> next = kill_at_;
    if (const auto due = reload_monitor_ ? reload_monitor_->due_in_ms() : std::nullopt) {
        const auto at = std::chrono::steady_clock::now() + std::chrono::milliseconds(*due);
        if (!next || at < *next) {
            next = at;
        }
    }
    for (const Child& child : children_) {
        if (child.restart_at && (!next || *child.restart_at < *next)) {
            next = child.restart_at;
        }
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
    started_wall_ = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    control_ = ParentControl::start(settings_.control_socket, [this] { return processes(); });
    run_and_wait(config_.startup_script, config_.script_uid, config_.script_gid, config_.startup_script_timeout);
    for (Child& child : children_) {
        if (wanted(child)) {
            start_child(child);
        }
    }
    check_ready();
    start_reload_monitor(); // after the children, as keepalived

    std::vector<pollfd> fds;
    std::vector<Child*> owners;
    sinks_.set_delivery(runtime::LogDelivery::queue); // this loop drains the log queues
    while (phase_ == Phase::running || any_child()) {
        if (on_idle_) {
            on_idle_();
        }
        fds.assign(1, pollfd{signal_fd_.get(), POLLIN, 0});
        owners.assign(1, nullptr);
        if (control_) {
            fds.push_back(pollfd{control_->prepare_wait(), POLLIN, 0});
            owners.push_back(nullptr);
        }
        const std::size_t monitor_at = fds.size();
        if (reload_monitor_ && reload_monitor_->fd() >= 0) {
            fds.push_back(pollfd{reload_monitor_->fd(), POLLIN, 0});
            owners.push_back(nullptr);
        }
        for (Child& child : children_) {
            if (child.ready_fd) {
                fds.push_back(pollfd{child.ready_fd.get(), POLLIN, 0});
                owners.push_back(&child);
            }
        }
        const std::size_t log_at = fds.size();
        int timeout = poll_timeout_ms();
        if (sinks_.pending()) {
            // POLLOUT when the listener has room, and a retry for fds that never say so.
            for (const int fd : {sinks_.syslog_wait_fd(), sinks_.console_wait_fd()}) {
                if (fd >= 0) {
                    fds.push_back(pollfd{fd, POLLOUT, 0});
                }
            }
            timeout = timeout < 0 ? 50 : std::min(timeout, 50);
        }
        const int n = ::poll(fds.data(), fds.size(), timeout);
        if (n < 0 && errno != EINTR) {
            log::error("poll failed - {}", std::strerror(errno));
            break;
        }
        sinks_.flush();
        const auto now = std::chrono::steady_clock::now();
        for (std::size_t i = 1; i < log_at; ++i) {
            if (i == monitor_at && owners[i] == nullptr) {
                if (fds[i].revents & POLLIN) {
                    reload_monitor_->on_readable();
                }
            } else if (owners[i] == nullptr) {
                if (fds[i].revents & POLLIN) {
                    control_->dispatch();
                }
            } else if (owners[i]->ready_fd && (fds[i].revents & (POLLIN | POLLHUP))) {
                on_child_ready(*owners[i]);
            }
        }
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo info{};
            while (::read(signal_fd_.get(), &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info))) {
                on_signal(static_cast<int>(info.ssi_signo));
            }
        }
        if (reload_monitor_ && phase_ == Phase::running && reload_monitor_->fire_if_due()) {
            ::kill(::getpid(), SIGHUP); // as keepalived: the reload comes through the signal
        }
        for (Child& child : children_) {
            if (child.restart_at && now >= *child.restart_at && phase_ == Phase::running) {
                child.restart_at.reset();
                start_child(child);
            }
        }
        if (kill_at_ && now >= *kill_at_) {
            for (const Child& child : children_) {
                if (child.pid > 0) {
                    log::info("{} process failed to die - forcing termination",
                              words_of(child.kind).short_name);
                    ::kill(child.pid, SIGKILL);
                }
            }
            kill_at_.reset();
        }
    }

    sinks_.set_delivery(runtime::LogDelivery::wait); // no loop from here: lines wait (bounded)
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
