#pragma once
// A route of `virtual_routes`/`static_routes` resolved for RTM_NEWROUTE/RTM_DELROUTE
// (`ip route add` semantics, reference §3.3 "Routes and rules").

#include "net/ip_address.hpp"

#include <cstdint>
#include <optional>

namespace vigil::netlink {

using net::Family;
using net::IpAddress;

// RTN_* (linux/rtnetlink.h).
enum class RouteType : std::uint8_t {
    unicast = 1,
    local = 2,
    broadcast = 3,
    anycast = 4,
    multicast = 5,
    blackhole = 6,
    unreachable = 7,
    prohibit = 8,
    throw_ = 9,
    nat = 10,
};

inline constexpr std::uint8_t rtprot_keepalived = 18; // how keepalived tags its routes
inline constexpr std::uint32_t rt_table_main = 254;
inline constexpr std::uint32_t nexthop_flag_onlink = 4; // RTNH_F_ONLINK

struct RouteSpec {
    Family family = Family::ipv4;
    std::optional<IpAddress> destination; // nullopt = `default`
    std::uint8_t prefix = 0;
    std::optional<IpAddress> gateway;          // `via`
    int ifindex = 0;                           // `dev`; 0 = none
    std::optional<IpAddress> preferred_source; // `src`
    std::optional<std::uint8_t> scope;         // nullopt: guessed as `ip route` does
    std::uint32_t table = rt_table_main;
    std::optional<std::uint32_t> metric;       // `metric`/`priority`
    std::uint8_t protocol = rtprot_keepalived; // `proto`
    RouteType type = RouteType::unicast;
    std::uint32_t nexthop_flags = 0; // `onlink`: nexthop_flag_onlink

    friend bool operator==(const RouteSpec&, const RouteSpec&) = default;
};

// Whether `observed` (from the monitor) is the kernel's copy of `configured`: the kernel's
// route key (family, table, destination/prefix, metric) plus type.
bool same_route(const RouteSpec& configured, const RouteSpec& observed) noexcept;

} // namespace vigil::netlink
