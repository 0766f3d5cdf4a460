#pragma once
// keepalived 2.2.7's command line (reference §1), parsed with getopt_long semantics.
//
// Contract: parse_command_line() never exits and never prints; it returns the Options or
// a CommandLineError holding keepalived's message ("Unknown option -x", "Missing parameter
// for option -f", ...) and exit status 1. Leftover positional arguments are kept in
// `unexpected_` (keepalived prints "Unexpected argument(s): ..." and carries on).

#include <sys/types.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vigil::daemon {

inline constexpr const char* default_config_file = "/etc/keepalived/keepalived.conf";

struct Options {
    std::vector<std::string> command_line_;  // argv as given
    std::string config_file_{default_config_file};  // -f/--use-file
    bool vrrp_only_{false};                 // -P/--vrrp
    bool check_only_{false};                // -C/--check
    bool no_bfd_{false};                    // -B/--no_bfd
    bool run_all_{false};                   // --all
    bool log_console_{false};               // -l/--log-console
    int log_detail_{0};                     // -D/--log-detail (count)
    std::optional<int> log_facility_;       // -S: syslog facility value (LOG_LOCALn, LOG_USER, LOG_DAEMON)
    bool log_facility_invalid_{false};      // -S with a bad value ("Invalid log facility")
    bool no_syslog_{false};                 // -G/--no-syslog
    std::optional<mode_t> umask_;           // -u/--umask
    bool release_vips_{false};              // -X/--release-vips
    bool dont_release_vrrp_{false};         // -V/--dont-release-vrrp
    bool dont_release_ipvs_{false};         // -I/--dont-release-ipvs
    bool dont_respawn_{false};              // -R/--dont-respawn
    bool dont_fork_{false};                 // -n/--dont-fork
    bool dump_conf_{false};                 // -d/--dump-conf
    std::optional<std::string> pid_file_;           // -p/--pid
    std::optional<std::string> vrrp_pid_file_;      // -r/--vrrp_pid
    std::optional<std::string> checkers_pid_file_;  // -c/--checkers_pid
    std::optional<std::string> bfd_pid_file_;       // -b/--bfd_pid
    bool genhash_{false};                   // -T/--genhash: parsing stopped there (genhash's turn)
    bool genhash_first_{false};             // -T was the first option
    bool genhash_long_{false};              // spelled --genhash
    bool address_monitoring_{false};        // -a/--address-monitoring
    bool snmp_{false};                      // -x/--snmp
    std::optional<std::string> snmp_agent_socket_;  // -A/--snmp-agent-socket
    std::optional<std::string> net_namespace_;      // -s/--namespace
    bool core_dump_{false};                 // -m/--core-dump (also set by -M)
    std::optional<std::string> core_dump_pattern_;  // -M/--core-dump-pattern[=PATN] ("core" when bare)
    bool all_config_{false};                // -e/--all-config
    std::optional<std::string> config_id_;  // -i/--config-id
    bool config_test_{false};               // -t/--config-test[=FILE] (implies -n, -R, -G)
    std::optional<std::string> config_test_file_;
    std::optional<int> config_fd_;          // --config-fd (internal)
    std::optional<std::string> signum_;     // --signum=SIGFUNC
    bool version_{false};                   // -v/--version
    bool help_{false};                      // -h/--help
    bool strict_{false};                    // --strict (vigil): warnings are errors in -t
    std::optional<std::string> control_socket_;  // --control-socket=PATH (vigil)
    std::optional<std::string> metrics_listen_;  // --metrics-listen=ADDR:PORT (vigil)
    std::string metrics_compat_;                 // --metrics-compat=mehdy,gen2brain (vigil)
    bool release_vips_and_exit_{false};     // --release-vips-and-exit (vigil): see release_vips.hpp
    std::vector<std::string> unexpected_;   // positional leftovers
};

struct CommandLineError {
    std::string message_;
    int exit_status_{1};
};

std::variant<Options, CommandLineError> parse_command_line(int argc, char* const argv[]);

// --signum: the signal number for STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON; nullopt
// for anything else (keepalived: "Unknown sigfunc X", exit 1).
std::optional<int> signal_number(std::string_view sigfunc);

// The usage text of -h (stderr).
std::string usage_text(std::string_view program);
// The version text of -v (stderr): vigil and the keepalived version it mirrors.
std::string version_text();

} // namespace vigil::daemon
