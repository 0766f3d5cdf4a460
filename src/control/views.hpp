#pragma once
// What the daemon reports on the control socket and to the metrics renderer: plain values,
// filled by the VRRP child from its engine (vrrpd/control_views.cpp), turned into the
// schema's JSON by schema.hpp and into Prometheus text by src/metrics. No engine types here,
// so that the protocol, the `vigil` command and the metrics need nothing of the daemon.
//
// Units: times are wall-clock seconds since the epoch (double), durations seconds (double),
// priorities 0-255. States are keepalived's words: INIT, BACKUP, MASTER, FAULT (STOP and
// DELETED only in events).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vigil::control {

// One tracked object as one instance sees it.
struct TrackerView {
    std::string kind;   // "interface", "script", "file", "process", "bfd"
    std::string name;
    std::string health; // "up", "down", "unknown" (no result yet)
    std::int64_t value = 0;        // track_file only
    std::int32_t weight = 0;       // as configured on the instance (0: FAULT while failing)
    bool reverse = false;
    std::int32_t delta = 0;        // what it adds to the base priority now
    bool causes_fault = false;     // it keeps the instance in FAULT now
    std::optional<double> since;   // when its health last changed
};

// A virtual address: "192.0.2.100/32" and the device it goes on.
struct VipView {
    std::string address;
    std::string device;
    bool excluded = false; // virtual_ipaddress_excluded
};

// A counter of the stats dump: keepalived's name (the JSON dump's) and its value.
using Counter = std::pair<std::string, std::uint64_t>;

struct InstanceView {
    std::string name;
    std::string state;      // INIT, BACKUP, MASTER, FAULT
    std::string want_state; // what it would be without its sync group
    std::string initial_state = "BACKUP"; // the configured `state` (MASTER or BACKUP)
    unsigned vrid = 0;
    unsigned version = 2;
    std::string family;     // "ipv4", "ipv6"
    std::string interface;
    std::optional<std::string> sync_group;
    unsigned base_priority = 0;
    unsigned effective_priority = 0;
    bool address_owner = false;   // priority 255
    bool nopreempt = false;
    double preempt_delay = 0;     // seconds
    double advert_interval = 0;   // configured, seconds
    double master_down_interval = 0;
    std::optional<std::string> source_address;
    std::optional<std::string> master_address; // the last master heard (ourselves when MASTER)
    unsigned master_priority = 0;               // its advertised priority
    std::vector<VipView> vips;                  // VIPs then eVIPs
    bool vips_held = false;                     // installed (MASTER)
    double garp_delay = 0;                      // seconds (config; an exporter reports it)
    std::uint64_t transitions = 0;              // state changes since the child started
    double last_transition = 0;                 // 0: never left INIT
    std::string last_reason;                    // schema.hpp reason codes
    std::vector<TrackerView> trackers;
    // keepalived's stats under its JSON dump's names, in its order: advert_rcvd, advert_sent,
    // become_master, release_master, packet_len_err, advert_interval_err, ip_ttl_err,
    // invalid_type_rcvd, addr_list_err, invalid_authtype, authtype_mismatch, auth_failure,
    // pri_zero_rcvd, pri_zero_sent
    std::vector<Counter> counters;
    // Every advert this instance dropped, per reason (vrrp::DropReason's names, in its
    // order, `none` left out), including the reasons keepalived counts nowhere (checksum,
    // version, unicast_source, interval_mismatch...).
    std::vector<Counter> drops;
};

struct GroupView {
    std::string name;
    std::string state;
    std::vector<std::string> members;
};

// One transition, as `vigil events` shows it.
struct EventView {
    std::uint64_t sequence = 0; // 1, 2, ... since the child started
    double time = 0;
    std::string kind;           // "instance" or "group"
    std::string name;
    std::string from;
    std::string to;
    std::string reason;
    unsigned priority = 0;      // effective priority at the time (instances)
};

struct DaemonView {
    std::string version;
    long pid = 0;
    double started = 0;
    std::string config_file;
    std::uint64_t reloads = 0;        // completed reloads since start
    std::uint64_t reload_failures = 0;
    double last_reload = 0;           // 0: none
    std::uint64_t control_clients = 0; // connected now
    std::uint64_t control_refused = 0; // connections refused (too many clients)
};

struct StatusView {
    DaemonView daemon;
    std::vector<InstanceView> instances;
    std::vector<GroupView> groups;
    // Adverts dropped before an instance could be named (too short, bad IP header...).
    std::vector<Counter> unattributed_drops;
};

// The parent's own answer (`processes`): itself and its children.
struct ChildProcessView {
    std::string name;            // "vrrp", "checker", "bfd"
    std::string ident;           // the syslog ident: "Keepalived_vrrp", ...
    long pid = 0;                // 0: not running (not wanted, or waiting to respawn)
    bool wanted = false;         // the configuration (and -P/-C) asks for this child
    std::uint64_t starts = 0;    // forks since the parent started
    double started = 0;          // epoch s of the last fork; 0: never
    bool ready = false;          // has reported its configuration read (start-up or reload)
    std::string control_socket;  // where it serves the instance requests ("": none)
};

struct ProcessesView {
    long pid = 0;                // the parent
    std::string version;
    double started = 0;          // epoch s
    std::string config_file;
    bool reload_in_progress = false; // a reload was handed to the children, not all reported
    std::uint64_t reloads = 0;   // SIGHUPs that went ahead
    std::uint64_t control_clients = 0; // connected to the parent's socket now
    std::uint64_t control_refused = 0; // connections it refused (too many clients)
    std::uint64_t relayed = 0;         // requests waiting for the VRRP process's reply now
    std::vector<ChildProcessView> children;
};

// What a reload of the configuration on disk would change (`vigil reload --preview`).
struct InstanceChange {
    std::string name;
    std::string change;               // "added", "removed", "changed"
    std::vector<std::string> details; // "priority 100 -> 90", "advert_int 1 -> 2"
    std::vector<std::string> vips_added;
    std::vector<std::string> vips_removed;
    std::string state_now;            // "" for an added instance
    std::string state_after;          // the engine's prediction; "" for a removed one
};

struct ReloadPreview {
    bool loadable = true;                 // false: the reload would be refused
    std::vector<std::string> diagnostics; // the loader's messages (errors first)
    std::vector<InstanceChange> changes;  // instances unchanged are left out
};

} // namespace vigil::control
