#pragma once
// The parent's life from start to exit (section 2 "Processes"): start-up log lines, config
// load, pid-file check ("daemon is already running", exit 0), daemonising unless -n, the pid
// file, then the Supervisor; "Stopped ..." and pid-file removal at the end.

#include "process/daemon_settings.hpp"
#include "process/exit_code.hpp"
#include "process/supervisor.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vigil::process {

struct ParentHooks {
    // Loads (or reloads) the configuration: logs its diagnostics; nullopt = refused.
    ConfigReloader load_config;
    // Optional: see Supervisor's ReloadDecided (the start-up load is in force at once).
    ReloadDecided reload_decided;
    // Optional: the exit status after load_config refused the start-up configuration
    // (default ExitCode::config).
    std::function<ExitCode()> start_refusal;
    ChildMain vrrp_main;
    // Optional: the checker child (Keepalived_healthcheckers).
    ChildMain checker_main;
    // Optional: the BFD child (started when the configuration has bfd_instance blocks).
    ChildMain bfd_main;
    // Optional: see Supervisor's IdleHook.
    IdleHook on_idle;
    // Optional: see Supervisor's ChildLostHook.
    ChildLostHook on_child_lost;
};

int run_parent(const DaemonSettings& settings, const ParentHooks& hooks);

// -s / net_namespace: the whole daemon runs in the named network namespace (ip netns).
// The parent then gives itself keepalived's private /run/keepalived (run_mount.hpp).
// Logs why and returns false when it cannot.
bool enter_net_namespace(const std::string& name);

// "Command line: '/usr/sbin/keepalived' '--dont-fork' ..." wrapped at ~100 columns onto
// continuation lines indented under the first argument, as keepalived does.
std::vector<std::string> command_line_lines(const std::vector<std::string>& argv);

// "Linux <release> <version> (built for Linux X.Y.Z)"
std::string running_on();

} // namespace vigil::process
