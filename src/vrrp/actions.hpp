#pragma once
// What the engine asks the outside world to do. The Router appends actions, in the order
// they must be carried out, to a std::vector<Action> the caller drains after each event.
// Actions are plain data; the caller encodes adverts with the codec, talks to netlink and
// the ARP sender, and runs notify scripts / writes FIFO lines.

#include "vrrp/instance_config.hpp"
#include "vrrp/state.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vigil::vrrp {

// Send one advertisement for `instance`: the configured VIPs, the instance's own
// advert_interval (RFC 5798 section 6.4.3: the master advertises its own interval), its
// version and auth, to the multicast group or to each unicast peer in turn. `priority` is
// the effective priority, or 0 on release (RFC 3768/5798 section 6.4.3 "Shutdown").
// `ah` says what the advert does to a VRRPv2 instance's IPsec AH sequence counter
// (vrrp::AhSequence) before its number is taken; instances without AH ignore it.
enum class AhStep : std::uint8_t {
    advance,             // the next number
    new_mastership,      // the first advert as master: a cycled counter starts again first
    answer_lower_master, // a master answering a lower-priority master: one past its number first
};
struct SendAdvert {
    InstanceId instance = 0;
    std::uint8_t priority = 0;
    AhStep ah = AhStep::advance;
};

// Install or remove addresses: VIPs, eVIPs, virtual routes and rules. On transitions the
// lists are the instance's whole configuration; on reload only the difference.
struct AddressSet {
    std::vector<VirtualAddress> vips;
    std::vector<VirtualAddress> evips;
    std::vector<VirtualRoute> routes;
    std::vector<VirtualRule> rules;

    bool empty() const noexcept {
        return vips.empty() && evips.empty() && routes.empty() && rules.empty();
    }
};
struct AddAddresses {
    InstanceId instance = 0;
    AddressSet set;
};
struct RemoveAddresses {
    InstanceId instance = 0;
    AddressSet set;
};

// Send `repeat` gratuitous ARPs (IPv4) or unsolicited NAs (IPv6) for each address, on the
// address's interface, interleaved as keepalived does (A, B, A, B ...); the caller paces
// them with vrrp_garp_interval / vrrp_gna_interval.
struct Announce {
    InstanceId instance = 0;
    std::vector<VirtualAddress> addresses;
    std::uint32_t repeat = 1;
};

// Run notify scripts and write FIFO lines, in keepalived's order (state script, generic
// `notify`, FIFO). `event` is a State for transitions; the extra FIFO events are below.
enum class NotifyTarget : std::uint8_t { instance, group };
enum class NotifyEvent : std::uint8_t {
    master,
    backup,
    fault,
    stop,
    deleted,
    master_rx_lower_pri, // notify_master_rx_lower_pri script + FIFO MASTER_RX_LOWER_PRI
    master_priority,     // FIFO MASTER_PRIORITY (notify_priority_changes)
    backup_priority,     // FIFO BACKUP_PRIORITY (notify_priority_changes)
};
struct Notify {
    NotifyTarget target = NotifyTarget::instance;
    std::uint32_t id = 0;  // InstanceId or GroupId (in the configuration that named it)
    std::string name;      // instance or group name (kept: deleted instances vanish)
    NotifyEvent event = NotifyEvent::master;
    std::uint8_t priority = 0; // effective priority; always 0 for groups
};

using Action = std::variant<SendAdvert, AddAddresses, RemoveAddresses, Announce, Notify>;
using Actions = std::vector<Action>;

// The notification of entering `state` (none for INIT).
constexpr std::optional<NotifyEvent> notify_event(State state) noexcept {
    switch (state) {
    case State::master:
        return NotifyEvent::master;
    case State::backup:
        return NotifyEvent::backup;
    case State::fault:
        return NotifyEvent::fault;
    case State::stop:
        return NotifyEvent::stop;
    case State::deleted:
        return NotifyEvent::deleted;
    case State::init:
        break;
    }
    return std::nullopt;
}

// keepalived's word for the FIFO line / notify argument.
constexpr std::string_view to_string(NotifyEvent event) noexcept {
    switch (event) {
    case NotifyEvent::master:
        return "MASTER";
    case NotifyEvent::backup:
        return "BACKUP";
    case NotifyEvent::fault:
        return "FAULT";
    case NotifyEvent::stop:
        return "STOP";
    case NotifyEvent::deleted:
        return "DELETED";
    case NotifyEvent::master_rx_lower_pri:
        return "MASTER_RX_LOWER_PRI";
    case NotifyEvent::master_priority:
        return "MASTER_PRIORITY";
    case NotifyEvent::backup_priority:
        return "BACKUP_PRIORITY";
    }
    return "UNKNOWN";
}

} // namespace vigil::vrrp
