#pragma once
// The rule shapes of keepalived 2.2.7's VRRP ruleset, each appended to a batch as one
// NEWRULE (append) message. `counter` adds a counter before the verdict
// (`nftables_counters`).

#include "nft/batch.hpp"

#include <string_view>

namespace vigil::nft {

enum class Direction : std::uint8_t { source, destination };  // saddr/oif or daddr/iif
enum class Counter : std::uint8_t { without, with };
// How an IPv6 link-local VIP's interface is matched (keepalived: by name only for
// `dont_track_primary` instances without `nftables_ifindex`).
enum class LinkLocalKey : std::uint8_t { ifindex, ifname };

struct RuleTarget {
    TableFamily family;
    std::string_view table;
    std::string_view chain;
    Counter counter;
};

// `ip saddr @set drop` / `ip6 daddr @set drop`.
void add_address_drop(Batch& batch, const RuleTarget& at, Direction direction, std::string_view set);
// `ip6 daddr . iif @set drop` (by index) or `ip6 saddr . oifname @set drop` (by name).
void add_address_interface_drop(Batch& batch, const RuleTarget& at, Direction direction, std::string_view set,
                                LinkLocalKey key);
// `ip6 daddr fe80::/10 goto CHAIN`.
void add_link_local_goto(Batch& batch, const RuleTarget& at, Direction direction, std::string_view chain);
// `icmpv6 type @set accept`.
void add_icmpv6_accept(Batch& batch, const RuleTarget& at, std::string_view set);
// `ip protocol igmp` / `icmpv6 type mld2-listener-report` `meta oifkind "macvlan" dup to
// ip daddr device oif map @map drop`.
void add_report_move(Batch& batch, const RuleTarget& at, std::string_view map);
// `icmpv6 type nd-router-solicit meta oifkind "macvlan" oif @set drop`.
void add_router_solicit_drop(Batch& batch, const RuleTarget& at, std::string_view set);

} // namespace vigil::nft
