#pragma once
// The files keepalived writes on signals (section 2 "Signals"), in its formats so that existing
// consumers (Prometheus exporters, tools/json_tracking/vrrp_recap) keep working:
//   SIGUSR1     keepalived.data (VRRP child), keepalived_parent.data (parent): text sections
//   SIGUSR2     keepalived.stats; SIGRTMAX-1 the same, then counters are cleared
//   SIGRTMIN+2  keepalived.json: [{"data": {...}, "stats": {...}}, ...]
// Files are written by runtime/dump_file.hpp; the global section is process/parent_dump.hpp.
// Formatting is pure over InstanceSnapshot; the VRRP child builds the snapshots.

#include "vrrp/stats.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::vrrpd {

struct InstanceSnapshot {
    std::string name;
    int state = 0;      // keepalived numbering: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT
    int wantstate = 0;
    unsigned version = 2;
    unsigned vrid = 0;
    unsigned base_priority = 100;
    unsigned effective_priority = 100;
    int total_priority = 100;            // base + weights, unclamped
    unsigned master_priority = 0;
    double last_transition = 0;          // epoch seconds
    double read_timeout = 0;             // epoch seconds of the next timer; 0: DISABLED
    std::string interface;               // ifp_ifname
    std::string vmac_interface;
    std::string sync_group;              // empty: none
    bool native_ipv6 = false;
    std::int64_t adver_int_us = 1000000;
    std::int64_t master_adver_int_us = 1000000;
    std::int64_t master_down_timer_us = 0;
    bool accept = true;
    bool nopreempt = false;
    std::int64_t preempt_delay_us = 0;
    bool dont_track_primary = false;
    bool skip_check_adv_addr = false;
    bool strict_mode = false;
    bool lower_prio_no_advert = false;
    bool higher_prio_send_advert = false;
    bool promote_secondaries = false;
    bool smtp_alert = false;
    bool notify_deleted = false;
    bool notify_priority_changes = false;
    std::int64_t garp_delay_s = 5;
    std::int64_t garp_refresh_s = 0;
    unsigned garp_rep = 5;
    unsigned garp_refresh_rep = 1;
    std::int64_t garp_lower_prio_delay_s = 5;
    unsigned garp_lower_prio_rep = 5;
    unsigned down_timer_adverts = 3;
    unsigned script_if_faults = 0;       // interface and track script faults
    unsigned scripts_init = 0;           // tracked scripts still in their initial state
    // Multicast mode: the group (and, IPv6, the interface index). Unicast: the peers as
    // "ADDR min_ttl N max_ttl N", the TTL sent and whether the source is checked.
    std::string multicast_address;
    unsigned multicast_ifindex = 0;
    bool unicast = false;
    bool unicast_configured = false;
    bool unicast_fault_no_peers = false;
    // Other keepalived flags set (nopreempt, dont_track_primary, a configured source, a
    // VMAC...): "Flags:" without lines of their own.
    bool other_flags = false;
    // use_vmac: the base interface, whether the VMAC is up, vmac_xmit_base.
    std::string vmac_base;
    bool vmac_up = false;
    bool vmac_xmit_base = false;
    std::vector<std::string> unicast_peers;
    int unicast_ttl = 255;
    bool check_unicast_src = false;
    int fd_in = -1;
    int fd_out = -1;
    std::vector<std::string> vips;   // "192.0.2.100/32 dev eth0 scope global"
    std::vector<std::string> evips;
    std::vector<std::string> vroutes;
    std::vector<std::string> vrules;
    std::vector<std::string> track_ifp;     // "eth1 weight 0"
    std::vector<std::string> track_script;  // "chk weight 0"
    std::vector<std::string> track_file;    // "tf, weight 0"
    std::vector<std::string> track_process; // "p, weight 0"
    std::vector<std::string> track_bfd;     // "b: weight 0"
    std::string auth_type;           // "", "PASS" or "AH" (json: 0/1/2)
    std::string auth_data;
    std::string master_address;
    std::string source_address;
    bool source_from_config = false;
    std::vector<std::pair<std::string, std::string>> scripts; // script_master -> quoted argv
    // The data dump's notify lines: "Backup" -> "'/bin/x' 'a', uid:gid 0:0".
    std::vector<std::pair<std::string, std::string>> notify_lines;
    vrrp::Stats stats;
};

// One advert socket (keepalived's sockpool entry) and the instances on it (by VRID).
struct SocketSnapshot {
    int fd_in = -1;
    int fd_out = -1;
    std::string interface;
    bool ipv6 = false;
    bool ah = false;
    std::string unicast_source;  // empty: multicast
    unsigned rx_buf_size = 0;
    std::vector<std::pair<std::string, unsigned>> instances;
};

struct SyncGroupSnapshot {
    std::string name;
    int state = 0;
    unsigned member_faults = 0;
    unsigned member_inits = 0;
    std::vector<std::string> members;
    bool tracking_weight = false;
    bool smtp_alert = false;
    std::optional<bool> notify_priority_changes;
    std::vector<std::string> track_ifp, track_script, track_file, track_process, track_bfd;
    std::vector<std::pair<std::string, std::string>> notify_lines;
};

struct ScriptSnapshot {
    std::string name;
    std::string command;  // cmd_str
    std::int64_t interval_s = 1;
    std::int64_t timeout_s = 1;
    int weight = 0;
    bool reverse = false;
    int rise = 1;
    int fall = 1;
    int result = 0;
    std::string init_state = "INIT";  // INIT, INIT/FAILED, unknown (done)
    bool good = false;
    unsigned uid = 0;
    unsigned gid = 0;
    std::vector<std::string> tracking;  // "VI_1, weight 0"
    // keepalived's script state: "idle", "running", "requested termination" (timed out,
    // SIGTERM sent).
    std::string state = "idle";
};

struct TrackFileSnapshot {
    std::string name;
    std::string file;
    std::int64_t status = 0;
    int weight = 1;
    bool reverse = false;
    std::vector<std::string> tracking;
};

struct TrackProcessSnapshot {
    std::string name;
    std::string process;
    std::string parameters;              // empty: none
    std::string param_match;             // "", " = partial", " = initial"; nullopt-like: none
    bool has_param_match = false;
    unsigned quorum = 1;
    std::optional<unsigned> quorum_max;
    unsigned current = 0;                // processes seen (vigil reports the quorum only)
    bool have_quorum = false;
    int weight = 0;
    bool reverse = false;
    double terminate_delay_s = 0;
    double fork_delay_s = 0;
    bool full_command = false;
    std::vector<std::string> tracking;
};

struct InterfaceSnapshot {
    std::string name;
    int index = 0;
    std::string ipv4;                     // "(none)" when none
    std::vector<std::string> more_ipv4;
    std::string ipv6;
    std::vector<std::string> more_ipv6;
    std::string mac;                      // empty: no hardware address
    std::string mac_broadcast;
    std::uint32_t flags = 0;              // IFF_*
    bool seen_up = false;
    unsigned mtu = 0;
    std::uint32_t hw_type = 0;            // ARPHRD_*
    // A VMAC the child made: its base interface and whether that is up and running.
    std::string vmac_base;
    bool vmac_base_up = false;
    bool vmac_base_running = false;
    std::optional<std::int64_t> garp_interval_ms;
    std::optional<std::int64_t> gna_interval_ms;
    // keepalived's devconf view of the interface (the values in effect): the VMACs using it
    // as their base while we changed its arp_ignore/arp_filter, and rp_filter once known
    // (keepalived reads it from link updates after start-up: a VMAC and its changed base).
    unsigned reset_arp_config = 0;
    unsigned arp_ignore = 0;
    unsigned arp_filter = 0;
    std::optional<unsigned> rp_filter;
    unsigned promote_secondaries = 0;
    std::vector<std::string> tracking;    // "VI_1, weight 0"
};

// A bfd_instance the VRRP child may track (keepalived's vrrp_tracked_bfd_t).
struct TrackBfdSnapshot {
    std::string name;
    int weight = 0;
    bool reverse = false;
    bool up = false;
    std::vector<std::string> tracking;  // "VI_1, weight 0"
};

// A gratuitous ARP/NA pacing group (vrrp_garp_interval, vrrp_gna_interval, garp_group).
struct GarpDelaySnapshot {
    unsigned group = 0;
    std::optional<double> garp_interval_s;
    std::optional<double> gna_interval_s;
    double garp_next = 0;  // epoch seconds
    double gna_next = 0;
    std::vector<std::string> interfaces;
};

// A static_track_group: its instances that exist, in the group's order.
struct StaticTrackGroupSnapshot {
    std::string name;
    std::vector<std::string> members;
};

// The child's sections after the global one.
struct DataSnapshot {
    std::vector<GarpDelaySnapshot> garp_delays;
    // static_ipaddress, static_routes, static_rules: keepalived's text of each.
    std::vector<std::string> static_addresses;
    std::vector<std::string> static_routes;
    std::vector<std::string> static_rules;
    std::vector<StaticTrackGroupSnapshot> static_track_groups;
    std::vector<InstanceSnapshot> instances;
    std::vector<SocketSnapshot> sockets;
    std::vector<SyncGroupSnapshot> sync_groups;
    std::vector<ScriptSnapshot> scripts;
    std::vector<TrackFileSnapshot> track_files;
    std::vector<TrackProcessSnapshot> track_processes;
    std::vector<TrackBfdSnapshot> track_bfds;
    std::vector<InterfaceSnapshot> interfaces;
};

std::string state_name(int state);

// systemd STATUS= text (vigil extension): "VRRP: 2 instances, 1 MASTER, 1 BACKUP" (states
// with no instance are left out; FAULT and INIT counted the same way).
std::string format_status(const std::vector<InstanceSnapshot>& instances);

std::string format_stats(const std::vector<InstanceSnapshot>& instances);
std::string format_json(const std::vector<InstanceSnapshot>& instances);
// keepalived.data: `global_section` (process/parent_dump.hpp), then keepalived 2.2.7's
// vrrp_data.c sections line for line (dump_data.cpp).
std::string format_data(std::string_view global_section, const DataSnapshot& data);

// `'/bin/echo' 'a b'` style quoting of an argv for the data and JSON dumps.
std::string quoted_argv(const std::vector<std::string>& argv);

// keepalived's cmd_str() of a script after its check_script_secure(): the command looked up
// in PATH and its directory resolved (realpath), then quoted (data_snapshot.cpp; reads the
// file system).
std::string keepalived_command_text(const std::vector<std::string>& argv);

} // namespace vigil::vrrpd
