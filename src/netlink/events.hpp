#pragma once
// What the kernel reports about links, addresses, routes and rules: from a dump at start-up
// (AddressTable::dump_interfaces) and from the monitor afterwards. Plain values.

#include "netlink/address_spec.hpp"
#include "netlink/route_spec.hpp"
#include "netlink/rule_spec.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <variant>

namespace vigil::netlink {

enum class Change { added, removed };

// RTM_NEWLINK (added: a new link or a change of an existing one) / RTM_DELLINK (removed).
struct LinkEvent {
    Change change = Change::added;
    int index = 0;
    std::string name;
    std::uint32_t flags = 0;           // IFF_*
    std::array<std::uint8_t, 6> mac{}; // zero when the link has no 6-byte address
    std::uint32_t arp_type = 0;        // ARPHRD_*
    int master = 0;                    // ifindex of the master (bridge, VRF), 0 = none

    // keepalived's definition (reference §8): IFF_UP and IFF_RUNNING.
    bool up() const noexcept;
    bool loopback() const noexcept;
    bool multicast() const noexcept;
    friend bool operator==(const LinkEvent&, const LinkEvent&) = default;
};

// RTM_NEWADDR / RTM_DELADDR.
struct AddressEvent {
    Change change = Change::added;
    int ifindex = 0;
    IpAddress address; // IFA_LOCAL (IPv4) / IFA_ADDRESS (IPv6)
    std::uint8_t prefix = 0;
    std::uint8_t scope = 0;
    std::uint32_t flags = 0; // IFA_F_*, e.g. 0x01 IFA_F_SECONDARY
    std::string label;
    friend bool operator==(const AddressEvent&, const AddressEvent&) = default;
};

struct RouteEvent {
    Change change = Change::added;
    RouteSpec route;
};

struct RuleEvent {
    Change change = Change::added;
    RuleSpec rule;
};

// The monitor socket overflowed (ENOBUFS): events were lost, the caller should re-dump.
// keepalived logs "Netlink: Receive buffer overrun on monitor socket - ...".
struct MonitorOverrun {};

using NetlinkEvent = std::variant<LinkEvent, AddressEvent, RouteEvent, RuleEvent, MonitorOverrun>;

inline constexpr std::uint32_t ifa_flag_secondary = 0x01;

} // namespace vigil::netlink
