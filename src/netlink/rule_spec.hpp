#pragma once
// A rule of `virtual_rules`/`static_rules` resolved for RTM_NEWRULE/RTM_DELRULE
// (`ip rule add` semantics).

#include "net/ip_address.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::netlink {

using net::Family;
using net::IpAddress;

// FR_ACT_* (linux/fib_rules.h).
enum class RuleAction : std::uint8_t {
    to_table = 1,
    goto_rule = 2,
    nop = 3,
    blackhole = 6,
    unreachable = 7,
    prohibit = 8,
};

struct RuleSpec {
    Family family = Family::ipv4;
    std::optional<IpAddress> from;
    std::uint8_t from_prefix = 0;
    std::optional<IpAddress> to;
    std::uint8_t to_prefix = 0;
    std::string iif; // empty = any
    std::string oif;
    std::uint32_t table = 254;             // `table`/`lookup` (to_table only)
    std::optional<std::uint32_t> priority; // `preference`/`priority`/`order`
    std::optional<std::uint32_t> fwmark;
    std::optional<std::uint32_t> fwmask;
    std::uint8_t tos = 0;
    RuleAction action = RuleAction::to_table;
    std::optional<std::uint32_t> goto_target; // `goto N`
    // FRA_PROTOCOL: keepalived tags its rules "proto keepalived" (18), as its routes.
    std::uint8_t protocol = 18;

    friend bool operator==(const RuleSpec&, const RuleSpec&) = default;
};

// Whether `observed` (from the monitor) is the kernel's copy of `configured`.
bool same_rule(const RuleSpec& configured, const RuleSpec& observed) noexcept;

} // namespace vigil::netlink
