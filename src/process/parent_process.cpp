#include "process/parent_process.hpp"

#include "process/banner.hpp"
#include "process/exit_code.hpp"
#include "runtime/log_sinks.hpp"
#include "process/pid_file.hpp"
#include "process/run_mount.hpp"
#include "process/systemd_notifier.hpp"
#include "runtime/signals.hpp"
#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <fcntl.h>
#include <sched.h>
#include <linux/version.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigil::process {
namespace {

// Detaches from the terminal: the caller's process exits 0, the daemon continues in a new
// session with /dev/null as stdio and / as working directory.
void daemonise() {
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::system_error(errno, std::generic_category(), "fork");
    }
    if (pid > 0) {
        ::_exit(0);
    }
    ::setsid();
    if (::chdir("/") != 0) {
        log::error("chdir(/) failed - {}", std::strerror(errno));
    }
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (null) {
        for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
            ::dup2(null.get(), fd);
        }
    }
}

} // namespace

bool enter_net_namespace(const std::string& name) {
    for (const char* dir : {"/run/netns/", "/var/run/netns/"}) {
        UniqueFd fd(::open((dir + name).c_str(), O_RDONLY | O_CLOEXEC));
        if (fd) {
            if (::setns(fd.get(), CLONE_NEWNET) == 0) {
                return true;
            }
            log::error("Unable to enter network namespace {} - {}", name, std::strerror(errno));
            return false;
        }
    }
    log::error("Network namespace {} does not exist", name);
    return false;
}

std::vector<std::string> command_line_lines(const std::vector<std::string>& argv) {
    constexpr std::size_t width = 100;
    const std::string indent(std::string_view("Command line: ").size(), ' ');
    std::vector<std::string> lines{"Command line:"};
    for (const std::string& arg : argv) {
        const std::string word = "'" + arg + "'";
        std::string& line = lines.back();
        const bool first_word = line == "Command line:" || line == indent;
        if (!first_word && line.size() + 1 + word.size() > width) {
            lines.push_back(indent + word);
        } else {
            if (line != indent) {
                line += ' ';
            }
            line += word;
        }
    }
    return lines;
}

std::string running_on() {
    utsname uts{};
    ::uname(&uts);
    return fmt::format("Linux {} {} (built for Linux {}.{}.{})", uts.release, uts.version,
                       LINUX_VERSION_CODE >> 16, (LINUX_VERSION_CODE >> 8) & 0xff,
                       LINUX_VERSION_CODE & 0xff);
}

int run_parent(const DaemonSettings& settings, const ParentHooks& hooks) {
    ::umask(settings.umask.value_or(0177));
    runtime::LogSettings log_settings;
    log_settings.facility = settings.log_facility;
    log_settings.console = settings.dont_fork && settings.log_console ? runtime::ConsoleLog::on : runtime::ConsoleLog::off;
    log_settings.syslog = settings.no_syslog ? runtime::SyslogLog::off : runtime::SyslogLog::on;
    runtime::LogSinks sinks(log_settings);
    log::set_detail(settings.log_detail > 0);

    log::info("Starting {}", version_banner);
    log::info("Running on {}", running_on());
    for (const std::string& line : command_line_lines(settings.command_line)) {
        log::info("{}", line);
    }

    if (::access(settings.config_file.c_str(), F_OK) != 0) {
        log::info("Config files missing '{}'.", settings.config_file);
        return to_int(ExitCode::no_config);
    }
    std::optional<ProcessConfig> config = hooks.load_config();
    if (!config) {
        // keepalived: its VRRP child exits KEEPALIVED_EXIT_CONFIG, the parent tells systemd
        // ERRNO=EINVAL and stops; a failed include check stops the parent itself (exit 6).
        const ExitCode code = hooks.start_refusal ? hooks.start_refusal() : ExitCode::config;
        if (code == ExitCode::config) {
            SystemdNotifier().send(fmt::format("ERRNO={}", EINVAL));
        }
        log::info("Stopped {}", version_banner);
        return to_int(code);
    }
    // hooks.load_config has logged "Configuration file X" with the parent's own diagnostics.
    if (settings.net_namespace) {
        if (!config->net_namespace.empty()) {
            log::info("Overriding config net_namespace '{}' with command line namespace '{}'", config->net_namespace,
                      *settings.net_namespace);
        }
        config->net_namespace = *settings.net_namespace;
    }
    if (!config->net_namespace.empty() && !enter_net_namespace(config->net_namespace)) {
        return to_int(ExitCode::fatal);
    }
    const std::string ident = runtime::make_ident("Keepalived", config->net_namespace, config->instance);
    if (ident != sinks.ident()) {
        log::info("Changing syslog ident to {}", ident);
        sinks.set_ident(ident);
    }

    PidPathInputs inputs;
    inputs.parent_override = settings.pid_file;
    inputs.vrrp_override = settings.vrrp_pid_file;
    inputs.checkers_override = settings.checkers_pid_file;
    inputs.bfd_override = settings.bfd_pid_file;
    inputs.instance = config->instance;
    // keepalived: a network namespace implies use_pid_dir, under a private /run/keepalived.
    inputs.use_pid_dir = config->use_pid_dir || !config->net_namespace.empty();
    const PidPaths paths = pid_paths(inputs);
    bool made_dir = false;
    PrivateRunMount run_mount;
    if (!config->net_namespace.empty()) {
        made_dir = ::mkdir(paths.directory.c_str(), 0755) == 0;
        run_mount = PrivateRunMount(paths.directory, config->net_namespace);
    }
    for (const std::string* path : {&paths.parent, &paths.vrrp, &paths.bfd}) {
        if (check_pid_file(*path) == PidFileState::running) {
            log::info("daemon is already running");
            return to_int(ExitCode::ok);
        }
    }

    if (!settings.dont_fork) {
        daemonise();
        sinks.set_ident(sinks.ident()); // new pid
    }
    if (!paths.directory.empty()) {
        made_dir = ::mkdir(paths.directory.c_str(), 0755) == 0 || made_dir;
    }
    PidFile pid_file;
    try {
        pid_file = PidFile::create(paths.parent);
    } catch (const std::system_error& e) {
        log::error("Unable to write pid file: {}", e.what());
        return to_int(ExitCode::fatal);
    }
    if (config->max_auto_priority == 0) {
        log::info("NOTICE: setting config option max_auto_priority should result in better keepalived performance");
    }

    runtime::block_daemon_signals();
    SystemdNotifier notifier;
    int code = to_int(ExitCode::ok);
    {
        Supervisor supervisor(settings, *config, paths, sinks, notifier,
                              ChildMains{hooks.vrrp_main, hooks.checker_main, hooks.bfd_main},
                              hooks.load_config, hooks.reload_decided, hooks.on_idle, hooks.on_child_lost);
        code = supervisor.run();
    }
    pid_file.remove();
    run_mount = PrivateRunMount(); // unmounted, and /run/keepalived/NAME removed, before the directory
    if (made_dir) {
        ::rmdir(paths.directory.c_str());
    }
    return code;
}

} // namespace vigil::process
