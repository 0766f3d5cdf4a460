#pragma once
// The "------< Global definitions >------" section of keepalived 2.2.7's SIGUSR1 dumps
// (core/global_data.c dump_global_data): the whole of keepalived_parent.data, and the first
// section of keepalived.data (VRRP child), keepalived_check.data (checker child) and
// keepalived_bfd.data. Line for line keepalived's labels, order and spacing, the values it
// prints for settings (defaults included), and its quirks: the UDP timeout is labelled
// "LVS TCP timeout"; "Default interface" only in the VRRP child; the GARP lower-priority
// settings printed unresolved (4294967295 when unset) everywhere but in the VRRP child.
//
// Pure: the configuration plus the few facts of the running process (GlobalFacts).

#include "config/model.hpp"
#include "process/daemon_settings.hpp"

#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace vigil::process {

// Which process writes the dump (keepalived's prog_type).
enum class DumpingProcess { parent, vrrp, checker, bfd };

// What the section prints that the configuration does not hold.
struct GlobalFacts {
    DumpingProcess process = DumpingProcess::parent;
    // The canonical host name (keepalived's local_name): the default router_id, HELO name
    // and sender domain. nullopt: it did not resolve.
    std::optional<std::string> local_name;
    std::string user_name = "root";  // the sender's user part (getpwuid(getuid()))
    unsigned umask = 0177;
    // The default script user's uid:gid; nullopt: keepalived leaves the line out.
    std::optional<std::pair<unsigned, unsigned>> default_script_user = std::pair{0U, 0U};
    // uid:gid of USER [GROUP] (FIFO and script owners given in the configuration); nullopt:
    // unknown. Unset: every user is 0:0.
    std::function<std::optional<std::pair<unsigned, unsigned>>(const std::string&, const std::optional<std::string>&)>
        lookup_user;
    // The VRRP child's resolved default interface (keepalived's DFLT_INT when none).
    std::string default_interface = "eth0";
    // The VRID of the instance lvs_sync_daemon names (the VRRP child resolves it).
    std::optional<unsigned> lvs_syncd_vrid;
    // The VRRP child's nftables table when it made one without `nftables` (vrrp_strict...).
    std::optional<std::string> nftables_table;
    // The SMTP server as keepalived prints it (inet_sockaddrtos of the resolved address).
    std::optional<std::string> smtp_server_address;
    // Non-zero when this process runs with a realtime priority / RLIMIT_RTTIME it set.
    unsigned current_rt_priority = 0;
    unsigned current_rlimit_rttime = 0;
    // "No reload scheduled" or the time the reload_time_file holds (parent only), and whether
    // the file gave a date rather than a time of day.
    std::optional<std::time_t> reload_scheduled;
    bool reload_date_specified = false;
    // `-x`/`--snmp` on the command line (it enables every SNMP part).
    bool snmp_all = false;
    // `-A FILE`: the AgentX socket from the command line (it wins over snmp_socket).
    std::optional<std::string> snmp_socket;
};

// The section's lines, each ending in '\n'.
std::string format_global_definitions(const config::GlobalDefs& global, const config::RootSettings& root,
                                      const GlobalFacts& facts);

// keepalived's cmd_str(): each word in single quotes, but a first word that is a redirection
// (starting with '<' or '>').
std::string command_text(const config::Command& command);

// The process's own facts: canonical host name, user, umask, script user (blocking look-ups),
// and the command line's SNMP options (-x, -A).
GlobalFacts current_global_facts(const config::GlobalDefs& global, DumpingProcess process,
                                 const DaemonSettings& settings);

} // namespace vigil::process
