#pragma once
// The engine's own view of one vrrp_instance, filled by the daemon from the config model
// after keepalived's config-time derivations (default priority/state, strict-mode resets,
// version deduction). The engine never looks at the config model itself.

#include "vrrp/advert.hpp"
#include "net/ip_address.hpp"
#include "vrrp/timers.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::vrrp {

// Index of an instance inside a Router (stable for the Router's lifetime).
using InstanceId = std::uint32_t;
// Index of a sync group inside a Router.
using GroupId = std::uint32_t;
// Index of a tracked object (interface, script, file, process, BFD session) inside a Router.
using TrackerId = std::uint32_t;

// The kinds of tracked objects (track_interface, track_script, track_file,
// track_process, track_bfd). Scripts, processes and BFD sessions report healthy/failing
// (Up/Down); files report a value.
enum class TrackerKind : std::uint8_t { interface, script, file, process, bfd };
inline constexpr std::size_t tracker_kind_count = 5;

inline constexpr std::uint8_t owner_priority = 255;

enum class InitialState : std::uint8_t { backup, master };
enum class PreemptMode : std::uint8_t { preempt, nopreempt };
enum class AcceptMode : std::uint8_t { accept, no_accept };
// For keepalived's on/off instance switches (lower_prio_no_advert, ...).
enum class Switch : std::uint8_t { off, on };
// Whether deleting this address by hand makes the instance leave MASTER (keepalived's
// `no_track` address option turns it off).
enum class AddressTracking : std::uint8_t { tracked, no_track };
// What a deleted instance notifies on reload: FAULT, or DELETED with `notify_deleted`.
enum class DeletedNotify : std::uint8_t { fault, deleted };

// A VIP or eVIP. `attributes` is the canonical text of every other option (scope, brd,
// label, peer, flags ...): the engine only compares it on reload, the daemon interprets it.
struct VirtualAddress {
    net::IpAddress address;
    std::uint8_t prefix_length = 32;
    std::string interface; // the `dev`, defaulting to the instance's interface
    std::string attributes;
    AddressTracking tracking = AddressTracking::tracked;

    friend bool operator==(const VirtualAddress&, const VirtualAddress&) = default;
};

// A virtual_route or virtual_rule: opaque canonical text for the engine (compared on
// reload); the daemon maps it back to its parsed form.
struct VirtualRoute {
    std::string spec;
    friend bool operator==(const VirtualRoute&, const VirtualRoute&) = default;
};
struct VirtualRule {
    std::string spec;
    friend bool operator==(const VirtualRule&, const VirtualRule&) = default;
};

// keepalived's GARP/NA burst settings (vrrp_garp_* globals, per-instance overrides).
struct GarpSettings {
    Duration master_delay = std::chrono::seconds{5};   // 0: no second burst
    std::uint32_t master_repeat = 5;
    Duration master_refresh = Duration{0};             // 0: no refresh
    std::uint32_t master_refresh_repeat = 1;
    Duration lower_prio_delay = std::chrono::seconds{5};
    std::uint32_t lower_prio_repeat = 5;               // 0: no lower-priority bursts
};

// One tracked object referenced by an instance, with keepalived's weight arithmetic
// (§4 "Weights and effective priority").
// The Router interns (kind, name) into a TrackerId shared by every instance.
enum class TrackerReverse : std::uint8_t { normal, reverse };
struct TrackRef {
    TrackerKind kind = TrackerKind::interface;
    std::string name;
    std::int32_t weight = 0; // 0: FAULT while failing
    TrackerReverse reverse = TrackerReverse::normal;

    friend bool operator==(const TrackRef&, const TrackRef&) = default;
};
// dont_track_primary: the instance's own interface is not tracked.
enum class PrimaryTracking : std::uint8_t { track, dont_track };

struct InstanceConfig {
    std::string name;
    std::uint8_t vrid = 0;
    net::Family family = net::Family::ipv4;
    ProtocolVersion version = ProtocolVersion::v2;
    std::string interface;             // empty for unicast-only instances without one
    // use_ipvlan: the interface the instance is configured on, `interface` being its ipvlan
    // (empty otherwise). A reload matches instances on it, as keepalived's vrrp_exist
    // compares configured_ifp: adding, renaming or removing an ipvlan keeps the state.
    std::string configured_interface;
    std::uint8_t priority = 100;       // base priority, 1..255 (255 = address owner)
    InitialState initial_state = InitialState::backup;
    Duration advert_interval = std::chrono::seconds{1};
    PreemptMode preempt = PreemptMode::preempt;
    Duration preempt_delay = Duration{0};
    AcceptMode accept = AcceptMode::accept;

    std::vector<VirtualAddress> vips;  // advertised, in order
    std::vector<VirtualAddress> evips; // virtual_ipaddress_excluded
    std::vector<VirtualRoute> routes;
    std::vector<VirtualRule> rules;

    // Our source address: mcast_src_ip/unicast_src_ip, else the interface's primary
    // address (the daemon fills it and reports changes with Router::on_source_address).
    std::optional<net::IpAddress> source;
    std::vector<net::IpAddress> unicast_peers; // non-empty: unicast mode
    AuthType auth_type = AuthType::none;   // VRRPv2 only
    AuthData auth_data{};                  // PASS: first 8 bytes of auth_pass
    std::optional<net::IpAddress> multicast_group; // mcast_dst_ip; nullopt: the RFC group

    std::uint32_t down_timer_adverts = 3;
    Switch lower_prio_no_advert = Switch::off;
    Switch higher_prio_send_advert = Switch::off;
    Switch notify_priority_changes = Switch::off;
    // Emit the MASTER_RX_LOWER_PRI notify: on when a notify_master_rx_lower_pri script or
    // any notify FIFO is configured (keepalived always writes the FIFO line, observed).
    Switch notify_master_rx_lower_pri = Switch::off;
    DeletedNotify deleted_notify = DeletedNotify::fault;
    GarpSettings garp;

    // Interfaces, scripts, files, processes. The own interface is tracked implicitly
    // (weight 0) unless dont_track_primary.
    std::vector<TrackRef> trackers;
    PrimaryTracking primary_tracking = PrimaryTracking::track;
};

// RFC 5798 section 6.4.3: without Accept_Mode a non-owner "MUST NOT accept packets addressed
// to the IPvX address(es) associated with the virtual router"; keepalived installs firewall
// drop entries for them while they are installed.
inline bool drops_vip_traffic(const InstanceConfig& config) noexcept {
    return config.accept == AcceptMode::no_accept && config.priority != owner_priority;
}

// vrrp_sync_group: members move together (§4 "Sync groups").
struct SyncGroupConfig {
    std::string name;
    std::vector<std::string> members; // instance names
    // sync_group_tracking_weight: keep weighted trackers of members (else forced to 0).
    Switch tracking_weight = Switch::off;
    Switch notify_priority_changes = Switch::off;
};

} // namespace vigil::vrrp
