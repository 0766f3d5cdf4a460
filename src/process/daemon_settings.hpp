#pragma once
// What the process model needs from the command line, decoupled from the Options struct of
// command_line.hpp (mapped once in run_daemon.cpp) so that the process model, its tests and the
// VRRP child do not depend on how options are spelled.

#include <sys/types.h>
#include <syslog.h>

#include <optional>
#include <string>
#include <vector>

namespace vigil::process {

struct DaemonSettings {
    std::string config_file = "/etc/keepalived/keepalived.conf";
    std::vector<std::string> command_line; // argv, for "Command line: ..."
    bool dont_fork = false;                // -n
    bool log_console = false;              // -l (effective only with -n)
    int log_detail = 0;                    // -D count
    int log_facility = LOG_DAEMON;         // -S
    bool no_syslog = false;                // -G
    bool dont_respawn = false;             // -R
    bool release_vips = false;             // -X
    bool dont_release_vrrp = false;        // -V
    bool address_monitoring = false;       // -a
    bool dump_conf = false;                // -d
    bool run_all = false;                  // --all
    bool checker_only = false;             // -C
    bool vrrp_only = false;                // -P
    bool dont_release_ipvs = false;        // -I
    bool no_bfd = false;                   // -B
    std::optional<std::string> pid_file;          // -p
    std::optional<std::string> vrrp_pid_file;     // -r
    std::optional<std::string> checkers_pid_file; // -c
    std::optional<std::string> bfd_pid_file;      // -b
    std::optional<mode_t> umask;                  // -u
    std::optional<std::string> net_namespace;     // -s
    // vigil's own (docs/control-protocol.md, docs/metrics.md): the control socket ("" = none),
    // the Prometheus listener and the exporter-compatible families it adds.
    std::string control_socket = "/run/vigil/control.sock"; // --control-socket
    std::optional<std::string> metrics_listen;              // --metrics-listen=ADDR:PORT
    std::string metrics_compat;                             // --metrics-compat=mehdy,gen2brain
    bool snmp = false;                            // -x: every SNMP MIB, as if enabled in global_defs
    std::optional<std::string> snmp_agent_socket; // -A: wins over snmp_socket
};

} // namespace vigil::process
