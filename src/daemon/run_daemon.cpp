#include "daemon/run_daemon.hpp"

#include "daemon/config_loader.hpp"
#include "daemon/config_preview.hpp"
#include "process/code_pages.hpp"
#include "process/config_copy.hpp"
#include "process/parent_process.hpp"
#include "process/process_config.hpp"
#include "process/process_name.hpp"
#include "checkd/checker_main.hpp"
#include "vrrpd/release_addresses.hpp"
#include "vrrpd/vrrp_main.hpp"
#include "bfdd/bfd_main.hpp"
#include "process/exit_code.hpp"
#include "process/stop_report.hpp"
#include "parser/dump_config.hpp"
#include "parser/load_config.hpp"
#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <memory>
#include <utility>
#include <string>

namespace vigil::daemon {

process::DaemonSettings daemon_settings(const Options& options) {
    process::DaemonSettings s;
    s.config_file = options.config_file_;
    s.command_line = options.command_line_;
    s.dont_fork = options.dont_fork_;
    s.log_console = options.log_console_;
    s.log_detail = options.log_detail_;
    s.log_facility = options.log_facility_.value_or(LOG_DAEMON);
    s.no_syslog = options.no_syslog_;
    s.dont_respawn = options.dont_respawn_;
    s.release_vips = options.release_vips_;
    s.dont_release_vrrp = options.dont_release_vrrp_;
    s.address_monitoring = options.address_monitoring_;
    s.dump_conf = options.dump_conf_;
    s.run_all = options.run_all_;
    s.checker_only = options.check_only_;
    s.vrrp_only = options.vrrp_only_;
    s.dont_release_ipvs = options.dont_release_ipvs_;
    s.pid_file = options.pid_file_;
    s.vrrp_pid_file = options.vrrp_pid_file_;
    s.checkers_pid_file = options.checkers_pid_file_;
    s.no_bfd = options.no_bfd_;
    s.bfd_pid_file = options.bfd_pid_file_;
    s.umask = options.umask_;
    s.net_namespace = options.net_namespace_;
    if (options.control_socket_) {
        s.control_socket = *options.control_socket_;
    }
    s.metrics_listen = options.metrics_listen_;
    s.metrics_compat = options.metrics_compat_;
    s.snmp = options.snmp_;
    s.snmp_agent_socket = options.snmp_agent_socket_;
    return s;
}

namespace {

// The model back from its canonical text (dump_config's round-trip contract: equal to the
// model that was dumped). Nothing is read from disk and the system is not consulted again:
// the text already is the validated configuration.
std::shared_ptr<const config::Config> model_of_canonical(const std::string& text, const std::string& name) {
    parser::LoadOptions load;
    load.preprocess_.include_mode = parser::IncludeMode::disabled;
    parser::LoadResult result = parser::load_config_text(text, name, load);
    for (const parser::Diagnostic& d : result.diagnostics_.all()) {
        if (d.severity == parser::Severity::fatal) {
            log::info("{}", parser::format_keepalived(d));
            return nullptr;
        }
    }
    return std::make_shared<const config::Config>(std::move(result.config_));
}

// A child of a refused start-up that is not the refusing one: it waits, as keepalived's
// would run, until the parent stops it (its SIGTERM, or the parent's death signal).
void wait_for_stop() {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    int signo = 0;
    while (::sigwait(&stop, &signo) != 0) {
    }
}

} // namespace

int run_daemon(const Options& options) {
    const process::DaemonSettings settings = daemon_settings(options);
    // The parent's latest accepted configuration. A child forked while the parent holds it
    // starts from it (fork without exec: the child has its own copy of the model). Once a
    // child has been forked, the parent only supervises: it keeps the configuration as its
    // canonical text in `copy` (process/config_copy.hpp) and gives the model back to the
    // system; a respawned child, and a child applying a reload the parent accepted, build
    // their model from that text (docs/architecture.md, "The configuration's one path").
    std::shared_ptr<const config::Config> current;
    bool current_in_copy = false;
    process::ConfigCopy copy;
    const vrrpd::ModelLoader reload = [&copy, &settings] {
        return model_of_canonical(copy.load(), settings.config_file);
    };
    // The running configuration's reload_check_config, and why the last load was refused.
    ReloadCheck reload_check;
    process::ExitCode refusal = process::ExitCode::ok;
    // This process's comm (process_name; in a child, its own *_process_name).
    process::ProcessName parent_name(process::ProcessRole::parent);
    // What each child logs when it starts: its own reading's diagnostics (config_loader.hpp
    // ChildLines), and whether the start-up was refused by a child's reading.
    ChildLines child_lines;
    std::optional<parser::Phase> refused_in;
    // A child's first steps: its lines; then, at a refused start-up, the refusing child
    // stops with KEEPALIVED_EXIT_CONFIG and the others wait for the parent's SIGTERM.
    const auto start_lines_then = [&](const std::vector<std::string>& lines, parser::Phase phase) -> std::optional<int> {
        for (const std::string& line : lines) {
            log::info("{}", line);
        }
        if (!refused_in) {
            return std::nullopt;
        }
        if (*refused_in != phase) {
            wait_for_stop();
        }
        process::log_child_stopped(settings.log_detail);
        return process::to_int(*refused_in == phase ? process::ExitCode::config : process::ExitCode::ok);
    };
    process::ParentHooks hooks;
    // A reload's configuration until the supervisor accepts it (unsupported_reload_changes):
    // a refused reload leaves the parent's name, the copy and the reload check as they were.
    std::shared_ptr<const config::Config> pending;
    // The parent's first load is the start-up one; every later call is a SIGHUP reload.
    hooks.load_config = [&, use = ConfigUse::start]() mutable -> std::optional<process::ProcessConfig> {
        const ConfigUse this_load = use;
        LoadedModel loaded = load_model(options, use, reload_check);
        use = ConfigUse::reload;
        refusal = loaded.refusal;
        if (this_load == ConfigUse::start) {
            child_lines = std::move(loaded.child_lines);
            refused_in = loaded.refused_in;
            if (refused_in) {
                // keepalived forks the children even so: the one whose reading refuses logs its
                // lines and exits KEEPALIVED_EXIT_CONFIG (see start_lines_then below).
                current = std::move(loaded.refused_model);
                process::ProcessConfig refused = process::process_config_of(*current);
                refused.has_lvs = refused.has_lvs || *refused_in == parser::Phase::checker;
                refused.has_vrrp = refused.has_vrrp || *refused_in == parser::Phase::vrrp;
                refused.has_bfd = refused.has_bfd || *refused_in == parser::Phase::bfd;
                return refused;
            }
        }
        if (!loaded.config) {
            return std::nullopt;
        }
        if (this_load == ConfigUse::reload) {
            pending = std::move(loaded.config);
            return process::process_config_of(*pending);
        }
        current = std::move(loaded.config);
        parent_name.start(current->global_);
        current_in_copy = false;
        reload_check = reload_check_of(*current);
        return process::process_config_of(*current);
    };
    hooks.reload_decided = [&](process::ReloadVerdict verdict) {
        std::shared_ptr<const config::Config> fresh = std::move(pending);
        if (verdict == process::ReloadVerdict::refused || !fresh) {
            return;
        }
        current = std::move(fresh);
        child_lines = {}; // a child respawned after this reload reads the new configuration
        parent_name.reload(current->global_);
        // The running children apply it from the copy on the SIGHUP that follows.
        current_in_copy = true;
        copy.store(parser::dump_config(*current));
        reload_check = reload_check_of(*current);
    };
    // The BFD child's Up/Down reports to the VRRP child and to the checker child (keepalived's
    // bfd_vrrp_event_pipe and bfd_checker_event_pipe): opened once, before any child, so that
    // respawned children inherit the same pipes.
    const auto event_pipe = [](const char* consumer) {
        std::array<int, 2> fds{-1, -1};
        if (::pipe2(fds.data(), O_CLOEXEC | O_NONBLOCK) != 0) {
            log::error("Unable to create BFD {} event pipe: {}", consumer, std::strerror(errno));
        }
        return std::pair<UniqueFd, UniqueFd>{UniqueFd(fds[0]), UniqueFd(fds[1])};
    };
    // Plain variables, not structured bindings: lambdas below capture them (clang 14 refuses
    // to capture a structured binding).
    const std::pair<UniqueFd, UniqueFd> vrrp_pipe = event_pipe("vrrp");
    const std::pair<UniqueFd, UniqueFd> checker_pipe = event_pipe("checker");
    const UniqueFd& bfd_events_read = vrrp_pipe.first;
    const UniqueFd& bfd_events_write = vrrp_pipe.second;
    const UniqueFd& bfd_checker_read = checker_pipe.first;
    const UniqueFd& bfd_checker_write = checker_pipe.second;
    // In a child: this process's copies of the parent's state go once started.
    const auto child_config = [&]() -> std::shared_ptr<const config::Config> {
        std::shared_ptr<const config::Config> config = std::move(current);
        if (!config) {
            config = model_of_canonical(copy.load(), settings.config_file);
        }
        return config;
    };
    // A child names itself at start, and on each reload it applies (process_name.hpp).
    const auto named_child = [&](process::ProcessRole role, const config::Config& config) {
        auto name = std::make_shared<process::ProcessName>(role);
        name->start(config.global_);
        return vrrpd::ModelLoader([name, &reload] {
            std::shared_ptr<const config::Config> fresh = reload();
            if (fresh) {
                name->reload(fresh->global_);
            }
            return fresh;
        });
    };
    hooks.vrrp_main = [&](process::ChildChannel& channel) {
        if (const std::optional<int> stop = start_lines_then(child_lines.vrrp, parser::Phase::vrrp)) {
            return *stop;
        }
        std::shared_ptr<const config::Config> config = child_config();
        if (!config) {
            return process::to_int(process::ExitCode::config);
        }
        // `vigil reload --preview`: the files as this parent would load them on SIGHUP.
        const vrrpd::PreviewLoader preview = [&options, &reload_check] { return preview_config(options, reload_check); };
        const vrrpd::ModelLoader named_reload = named_child(process::ProcessRole::vrrp, *config);
        return vrrpd::run_vrrp_child(channel, settings, std::move(config), named_reload, preview,
                                     bfd_events_read.get());
    };
    hooks.checker_main = [&](process::ChildChannel& channel) {
        if (const std::optional<int> stop = start_lines_then(child_lines.checker, parser::Phase::checker)) {
            return *stop;
        }
        std::shared_ptr<const config::Config> config = child_config();
        if (!config) {
            return process::to_int(process::ExitCode::config);
        }
        const vrrpd::ModelLoader named_reload = named_child(process::ProcessRole::checker, *config);
        return checkd::run_checker_child(channel, settings, std::move(config), named_reload, bfd_checker_read.get());
    };
    hooks.bfd_main = [&](process::ChildChannel& channel) {
        if (const std::optional<int> stop = start_lines_then(child_lines.bfd, parser::Phase::bfd)) {
            return *stop;
        }
        std::shared_ptr<const config::Config> config = child_config();
        if (!config) {
            return process::to_int(process::ExitCode::config);
        }
        const vrrpd::ModelLoader named_reload = named_child(process::ProcessRole::bfd, *config);
        return bfdd::run_bfd_child(channel, settings, std::move(config), named_reload,
                                   bfdd::EventPipes{bfd_events_write.get(), bfd_checker_write.get()});
    };
    hooks.on_idle = [&] {
        if (!current) {
            return;
        }
        if (!current_in_copy) {
            copy.store(parser::dump_config(*current));
        }
        current.reset();
        ::malloc_trim(0);
        process::release_code_pages(); // the parse and the start-up are done (code_pages.hpp)
    };
    hooks.on_child_lost = [&] {
        // The dead child's VIPs go at once, whatever the respawn back-off (issue #17).
        std::shared_ptr<const config::Config> config = current;
        if (!config) {
            config = model_of_canonical(copy.load(), settings.config_file);
        }
        if (config) {
            vrrpd::release_configured_addresses(*config, "the VRRP child died");
        }
    };
    hooks.start_refusal = [&refusal] { return refusal; };
    return process::run_parent(settings, hooks);
}

} // namespace vigil::daemon
