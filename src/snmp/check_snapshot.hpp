#pragma once
// What the checker part of KEEPALIVED-MIB (…9586.100.5.3) shows, as plain values: the checker
// child builds a CheckSnapshot from its engine, its configuration and the IPVS counters, and
// add_keepalived_check (keepalived_check_mib.cpp) and the checker traps (check_traps.cpp)
// read it. No I/O, no engine types: tests write snapshots by hand.
//
// Conventions (keepalived 2.2.7's check_snmp.c):
//  - Lists are in configuration order; 1-based positions are the indexes. A virtual server's
//    sorry server, when it has one, is its first realServerTable row.
//  - Addresses are raw bytes in network order: 4 for IPv4, 16 for IPv6 (empty: none).
//  - Durations are in microseconds (keepalived's TIMER_HZ); "unset" is 0, as keepalived
//    shows its UINT_MAX/ULONG_MAX sentinels.
//  - std::optional marks what keepalived leaves out of a walk when unset.

#include "snmp/snapshot.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::snmp {

// virtualServerGroupMemberTable row.
struct GroupMemberInfo {
    bool fwmark = false;
    std::uint32_t fwmark_value = 0;
    std::string first; // address entries
    std::string last;  // == first for a single address
    std::uint16_t port = 0;
};

struct GroupInfo {
    std::string name;
    // keepalived's two lists: every fwmark entry, then every address entry (ranges
    // included), each in configuration order.
    std::vector<GroupMemberInfo> members;
};

// The IPVS counters of a service or destination (zero when the kernel has none).
struct IpvsCounters {
    std::uint64_t connections = 0;
    std::uint64_t packets_in = 0;
    std::uint64_t packets_out = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t connection_rate = 0;
    std::uint64_t packet_rate_in = 0;
    std::uint64_t packet_rate_out = 0;
    std::uint64_t byte_rate_in = 0;
    std::uint64_t byte_rate_out = 0;
};

// Forwarding: 1 NAT, 2 DR, 3 TUN; 0: unset (the column is skipped).
struct ForwardingInfo {
    int method = 0;
    int tunnel_type = 1;          // 1 ipip, 2 gue, 3 gre
    std::uint16_t tunnel_port = 0;
    int tunnel_checksum = 1;      // 1 nocsum, 2 csum, 3 remcsum
};

struct RealServerInfo {
    bool sorry = false;
    std::string address;
    std::uint16_t port = 0;
    ForwardingInfo forwarding;
    bool alive = false;
    std::int32_t weight = 0;      // what IPVS is given
    std::uint32_t upper_limit = 0;
    std::uint32_t lower_limit = 0;
    bool inhibit = false;
    std::optional<std::string> notify_up;
    std::optional<std::string> notify_down;
    std::uint32_t failed_checkers = 0;
    std::optional<std::string> virtualhost;
    bool alpha = false;
    std::uint32_t retry = 0;
    std::uint64_t delay_before_retry_us = 0;
    std::uint64_t warmup_us = 0;
    std::uint64_t delay_loop_us = 0;
    bool smtp_alert = false;
    std::uint64_t connect_timeout_us = 0;
    std::optional<std::string> snmp_name;
    IpvsCounters counters;
    std::uint32_t active_connections = 0;
    std::uint32_t inactive_connections = 0;
    std::uint32_t persistent_connections = 0;
};

struct VirtualServerInfo {
    int type = 2;                 // 1 fwmark, 2 address, 3 group
    std::optional<std::string> group;
    std::uint32_t fwmark = 0;
    int address_family = 0;       // keepalived's vs->af: 4, 6, or 0 (unset; shown as ipv6)
    int address_bytes_family = 0; // family of vs->addr: 4, 6, 0 (fwmark and group)
    std::string address;
    std::uint16_t port = 0;
    int protocol = 4;             // 1 tcp, 2 udp, 3 sctp, 4 none (fwmark: skipped)
    std::string scheduler;
    ForwardingInfo forwarding;
    bool alive = false;
    std::optional<std::string> virtualhost;
    std::uint32_t persistence_timeout = 0;
    // keepalived's persistence_granularity as it lies in memory (0xffffffff unset; an IPv4
    // netmask in network order; an IPv6 prefix length).
    std::uint32_t granularity = 0xffffffffU;
    std::uint32_t flags = 0;      // IP_VS_SVC_F_*
    std::uint64_t delay_loop_us = 0;
    bool ha_suspend = false;
    bool alpha = false;
    bool omega = false;
    std::uint32_t quorum = 1;
    bool quorum_up = false;
    std::optional<std::string> quorum_up_script;
    std::optional<std::string> quorum_down_script;
    std::uint32_t hysteresis = 0;
    bool inhibit = false;
    std::uint32_t retry = 0;
    std::uint64_t delay_before_retry_us = 0;
    std::uint64_t warmup_us = 0;
    std::int32_t weight = 1;
    bool smtp_alert = false;
    std::uint64_t connect_timeout_us = 0;
    std::optional<std::string> snmp_name;
    IpvsCounters counters;
    std::vector<RealServerInfo> servers; // the sorry server first, when there is one

    std::uint32_t real_total() const noexcept;
    std::uint32_t real_up() const noexcept;
};

// lvs_sync_daemon (…5.3.6), from the global configuration.
struct SyncDaemonInfo {
    std::string interface;
    std::optional<std::string> instance;
    std::uint32_t sync_id = 0;
    std::uint32_t maxlen = 0;
    std::uint32_t port = 0;
    std::uint32_t ttl = 0;
    std::string group;            // empty: none
};

struct CheckSnapshot {
    GlobalInfo global;
    std::vector<GroupInfo> groups;
    std::vector<VirtualServerInfo> virtual_servers;
    std::optional<SyncDaemonInfo> sync_daemon;
    std::optional<std::int32_t> timeout_tcp;
    std::optional<std::int32_t> timeout_tcp_fin;
    std::optional<std::int32_t> timeout_udp;
};

} // namespace vigil::snmp
