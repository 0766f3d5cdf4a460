#pragma once
// What the VRRP MIBs show, as plain values: the VRRP process builds a Snapshot from its engine
// and configuration, and the MIB builders (keepalived_mib, rfc2787_mib, rfc6527_mib) and the
// trap builders (traps) read it. No I/O, no engine types: tests write snapshots by hand.
//
// Conventions (keepalived 2.2.7's, observed with snmpwalk; see
// shared/reference/keepalived-2.2.7-observability.md section 1):
//  - Lists are in configuration order; their 1-based positions are the KEEPALIVED-MIB indexes.
//  - States use keepalived's numbering (vrrp::State): 0 init, 1 backup, 2 master, 3 fault.
//  - Addresses are raw bytes in network order: 4 for IPv4, 16 for IPv6.
//  - std::optional marks what keepalived leaves out of a walk when unset.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::snmp {

// InetAddressType (RFC 4001): 1 ipv4, 2 ipv6; keepalived reports 2 for anything not IPv4.
constexpr int inet_type(const std::string& address) noexcept { return address.size() == 4 ? 1 : 2; }

struct GlobalInfo {
    std::string version;                  // "Keepalived v2.2.7 (01/16,2022)"
    std::optional<std::string> router_id;
    std::string smtp_server = std::string(4, '\0'); // 4 zero bytes when unset (observed)
    int smtp_server_type = 2;             // 2 when unset (observed), else 1/2
    std::uint32_t smtp_timeout_s = 0;     // 0 unless smtp_server is set (observed)
    std::optional<std::string> email_from;
    std::vector<std::string> emails;
    std::uint32_t smtp_port = 0;
    bool email_faults = true;             // !no_email_faults
    int smtp_alert = 3;                   // 1 on, 2 off, 3 unset
    int smtp_alert_vrrp = 3;
    int smtp_alert_checker = 3;
    bool traps = false;
    bool linkbeat_polling = false;        // linkBeat: 1 media, 2 polling
    bool lvs_flush = false;
    int lvs_flush_on_stop = 2;            // 1 full, 2 off, 3 virtual servers
    std::string net_namespace;
    bool dbus = false;
    bool dynamic_interfaces = false;
};

// A track_interface / track_script / track_file / track_process reference.
struct TrackedRef {
    std::string name;
    int weight = 0;
    bool reverse = false;
};

// vrrpAddressTable row: a VIP, an eVIP or a static address.
struct AddressRow {
    std::string address;                  // 4 or 16 bytes
    std::optional<std::string> broadcast; // IPv4: 4 bytes (zeros without `brd`); IPv6: none
    unsigned prefix = 32;
    int scope = 14;                       // InetScopeType (already mapped from Linux's)
    int ifindex = 0;
    std::string ifname;
    std::optional<std::string> label;
    bool set = false;                     // installed on the interface
    bool advertised = false;              // a VIP (not an eVIP, not a static address)
    std::optional<std::string> peer;
};

// vrrpRouteTable row (the columns vigil's route model has).
struct RouteRow {
    int address_type = 1;
    std::optional<std::string> destination;
    std::optional<unsigned> destination_prefix;
    std::optional<std::string> gateway;
    std::optional<std::string> source;    // `src` (preferred source)
    std::uint32_t metric = 0;
    int scope = 14;                       // InetScopeType
    int type = 1;                         // keepalived's vrrpRouteType (1 unicast, 3 blackhole...)
    std::optional<int> ifindex;
    std::optional<std::string> ifname;
    std::uint32_t table = 254;
    bool set = false;
    std::optional<int> protocol;          // already +1 as keepalived shows it
};

// vrrpRuleTable row.
struct RuleRow {
    std::optional<std::string> from;
    unsigned from_prefix = 0;
    std::optional<std::string> to;
    unsigned to_prefix = 0;
    std::optional<std::uint32_t> table;   // to_table rules only
    bool set = false;
    std::uint32_t tos = 0;
    std::optional<std::uint32_t> fwmark;
    std::optional<std::uint32_t> fwmask;
    std::optional<std::string> iif;
    std::optional<std::string> oif;
    std::optional<std::uint32_t> goto_target;
    int action = 1;                       // FR_ACT_*
    std::optional<std::uint32_t> preference;
};

// vrrpInstanceTable plus what the RFC MIBs and the traps need.
struct InstanceInfo {
    std::string name;
    unsigned vrid = 0;
    int state = 0;
    int initial_state = 1;                // configured: 1 BACKUP, 2 MASTER
    int wanted_state = 0;
    unsigned base_priority = 100;
    unsigned effective_priority = 100;
    bool vips_set = false;
    std::optional<std::string> interface;
    bool has_tracked_interfaces = false;  // vrrpInstanceTrackPrimaryIf (observed meaning)
    unsigned version = 2;
    std::uint32_t advert_interval_cs = 100;
    bool preempt = true;
    std::uint32_t preempt_delay_s = 0;
    int auth_type = 0;                    // 0 none, 1 PASS, 2 AH (VRRPv3: always 0)
    std::optional<std::string> lvs_sync_interface; // set: this instance drives the sync daemon
    std::optional<std::string> sync_group;
    std::uint32_t garp_delay_s = 5;
    bool smtp_alert = false;
    bool notify_exec = false;
    std::optional<std::string> script_master;
    std::optional<std::string> script_backup;
    std::optional<std::string> script_fault;
    std::optional<std::string> script_stop;
    std::optional<std::string> script;
    std::optional<std::string> script_master_rx_lower_pri;
    std::optional<std::string> script_deleted;
    bool accept = true;
    bool promote_secondaries = false;
    bool linkbeat_polling = false;
    bool notify_deleted = false;
    std::optional<std::string> multicast_group; // nullopt for unicast instances

    std::vector<TrackedRef> track_interfaces;
    std::vector<TrackedRef> track_scripts;
    std::vector<TrackedRef> track_files;
    std::vector<TrackedRef> track_processes;
    std::vector<TrackedRef> track_bfds;
    std::vector<AddressRow> vips;
    std::vector<AddressRow> evips;
    std::vector<RouteRow> routes;
    std::vector<RuleRow> rules;

    // RFC 2787 / RFC 6527.
    bool ipv6 = false;
    int ifindex = 0;                      // 0 without an interface
    std::string hw_address;               // the interface's MAC (keepalived shows it, not the VMAC)
    std::string primary_address;          // the interface's primary address of the family
    std::string source_address;           // what adverts are sent from (trap varbinds)
    std::string master_address;           // source of the last advert received; zeros if none
    std::uint32_t uptime_since_start_cs = 0; // RFC 2787: left INIT - agent start
    std::uint32_t uptime_cs = 0;          // RFC 6527: now - left INIT (0 in INIT/FAULT)
    int master_reason = 0;                // vrrpv3StatisticsNewMasterReason
    int proto_error_reason = 0;           // vrrpv3StatisticsProtoErrReason
    std::uint64_t checksum_errors = 0;
    std::uint64_t version_errors = 0;
    std::uint64_t vrid_errors = 0;
    std::uint64_t become_master = 0;
    std::uint64_t adverts_received = 0;
    std::uint64_t advert_interval_errors = 0;
    std::uint64_t auth_failures = 0;
    std::uint64_t ttl_errors = 0;
    std::uint64_t priority_zero_received = 0;
    std::uint64_t priority_zero_sent = 0;
    std::uint64_t invalid_type_received = 0;
    std::uint64_t address_list_errors = 0;
    std::uint64_t invalid_auth_type = 0;
    std::uint64_t auth_type_mismatch = 0;
    std::uint64_t packet_length_errors = 0;
};

struct SyncGroupInfo {
    std::string name;
    int state = 0;
    bool smtp_alert = false;
    bool notify_exec = false;
    std::optional<std::string> script_master;
    std::optional<std::string> script_backup;
    std::optional<std::string> script_fault;
    std::optional<std::string> script;
    std::optional<std::string> script_stop;
    bool tracking_weight = false;
    std::vector<std::string> members;
    std::vector<TrackedRef> track_interfaces;
    std::vector<TrackedRef> track_scripts;
    std::vector<TrackedRef> track_files;
    std::vector<TrackedRef> track_processes;
    std::vector<TrackedRef> track_bfds;
};

struct ScriptInfo {
    std::string name;
    std::string command;                  // quoted argv: "'/usr/bin/true'"
    std::int32_t interval_s = 1;
    std::int32_t weight = 0;
    int result = 1;                       // 1 init, 2 bad, 3 good, 5 init failed
    std::uint32_t rise = 1;
    std::uint32_t fall = 1;
    bool reverse = false;
};

struct FileInfo {
    std::string name;
    std::string path;
    std::int32_t value = 0;               // the last value read
    std::int32_t weight = 1;
    bool reverse = false;
};

struct ProcessInfo {
    std::string name;
    std::string path;
    std::string params;                   // space separated
    int param_match = 0;                  // 0 none, 1 exact, 2 initial, 3 partial
    std::int32_t weight = 1;
    bool reverse = false;
    std::uint32_t quorum = 1;
    std::int32_t quorum_max = -1;         // -1 when unset (keepalived's UINT_MAX)
    std::uint32_t fork_delay = 0;
    std::uint32_t terminate_delay = 0;
    bool full_command = false;
    std::int32_t current = 0;             // processes seen running
    bool quorum_met = false;
};

// vrrpBfdTable row: a bfd_instance as the VRRP child sees it.
struct BfdInfo {
    std::string name;
    bool up = false;                      // the last report from the BFD child (served as 0/1)
    std::int32_t weight = 0;
    bool reverse = false;
};

struct Snapshot {
    GlobalInfo global;
    std::vector<SyncGroupInfo> groups;
    std::vector<InstanceInfo> instances;
    std::vector<AddressRow> static_addresses;
    std::vector<RouteRow> static_routes;
    std::vector<RuleRow> static_rules;
    std::vector<ScriptInfo> scripts;
    std::vector<FileInfo> files;
    std::vector<ProcessInfo> processes;
    std::vector<BfdInfo> bfds;
};

} // namespace vigil::snmp
