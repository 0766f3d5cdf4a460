#include "netlink/rtnl_convert.hpp"

#include <array>
#include <cstring>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <string>
#include <sys/socket.h>

namespace vigil::netlink {
namespace {

class LibnlCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "libnl"; }
    std::string message(int code) const override { return nl_geterror(code); }
};

template <std::size_t N>
std::array<std::uint8_t, N> raw_bytes(nl_addr* address) noexcept {
    std::array<std::uint8_t, N> out{};
    std::memcpy(out.data(), nl_addr_get_binary_addr(address), N);
    return out;
}

std::optional<Family> family_of(int af) noexcept {
    switch (af) {
    case AF_INET:
        return Family::ipv4;
    case AF_INET6:
        return Family::ipv6;
    default:
        return std::nullopt;
    }
}

} // namespace

const std::error_category& libnl_category() noexcept {
    static const LibnlCategory category;
    return category;
}

std::error_code libnl_error(int nle) noexcept {
    return {nle < 0 ? -nle : nle, libnl_category()};
}

int to_af(Family family) noexcept {
    switch (family) {
    case Family::ipv4:
        return AF_INET;
    case Family::ipv6:
        return AF_INET6;
    }
    return AF_UNSPEC;
}

NlAddrPtr to_nl_addr(const IpAddress& address, unsigned prefix) noexcept {
    const auto bytes = address.bytes();
    NlAddrPtr out(nl_addr_build(to_af(address.family()), bytes.data(), bytes.size()));
    if (out) {
        nl_addr_set_prefixlen(out.get(), static_cast<int>(prefix));
    }
    return out;
}

std::optional<IpAddress> from_nl_addr(nl_addr* address) noexcept {
    if (address == nullptr) {
        return std::nullopt;
    }
    const int family = nl_addr_get_family(address);
    const unsigned length = nl_addr_get_len(address);
    if (family == AF_INET && length == 4) {
        return IpAddress::v4(raw_bytes<4>(address));
    }
    if (family == AF_INET6 && length == 16) {
        return IpAddress::v6(raw_bytes<16>(address));
    }
    return std::nullopt;
}

RtnlAddrPtr make_rtnl_addr(const AddressSpec& spec) noexcept {
    RtnlAddrPtr addr(rtnl_addr_alloc());
    NlAddrPtr local = to_nl_addr(spec.address, spec.prefix);
    if (!addr || !local) {
        return nullptr;
    }
    rtnl_addr_set_ifindex(addr.get(), spec.ifindex);
    rtnl_addr_set_family(addr.get(), to_af(spec.address.family()));
    if (rtnl_addr_set_local(addr.get(), local.get()) < 0) {
        return nullptr;
    }
    if (spec.peer) {
        NlAddrPtr peer = to_nl_addr(*spec.peer, spec.peer_prefix);
        if (!peer || rtnl_addr_set_peer(addr.get(), peer.get()) < 0) {
            return nullptr;
        }
    }
    rtnl_addr_set_prefixlen(addr.get(), spec.prefix);
    rtnl_addr_set_scope(addr.get(), spec.scope);
    if (spec.broadcast) {
        NlAddrPtr brd = to_nl_addr(*spec.broadcast, 32);
        if (!brd || rtnl_addr_set_broadcast(addr.get(), brd.get()) < 0) {
            return nullptr;
        }
    }
    if (!spec.label.empty() && rtnl_addr_set_label(addr.get(), spec.label.c_str()) < 0) {
        return nullptr;
    }
    if (spec.flags != 0) {
        rtnl_addr_set_flags(addr.get(), spec.flags);
    }
    if (spec.preferred_lifetime) {
        rtnl_addr_set_valid_lifetime(addr.get(), lifetime_forever);
        rtnl_addr_set_preferred_lifetime(addr.get(), *spec.preferred_lifetime);
    }
    return addr;
}

RtnlRoutePtr make_rtnl_route(const RouteSpec& spec) noexcept {
    RtnlRoutePtr route(rtnl_route_alloc());
    if (!route) {
        return nullptr;
    }
    const int af = to_af(spec.family);
    rtnl_route_set_family(route.get(), static_cast<std::uint8_t>(af));
    rtnl_route_set_table(route.get(), spec.table);
    rtnl_route_set_protocol(route.get(), spec.protocol);
    rtnl_route_set_type(route.get(), static_cast<std::uint8_t>(spec.type));
    if (spec.scope) {
        rtnl_route_set_scope(route.get(), *spec.scope);
    }
    if (spec.metric) {
        rtnl_route_set_priority(route.get(), *spec.metric);
    }
    NlAddrPtr dst;
    if (spec.destination) {
        dst = to_nl_addr(*spec.destination, spec.prefix);
    } else {
        // `default`: a zero-length address of the family with prefix 0.
        dst.reset(nl_addr_alloc(0));
        if (dst) {
            nl_addr_set_family(dst.get(), af);
            nl_addr_set_prefixlen(dst.get(), 0);
        }
    }
    if (!dst || rtnl_route_set_dst(route.get(), dst.get()) < 0) {
        return nullptr;
    }
    if (spec.preferred_source) {
        NlAddrPtr src = to_nl_addr(*spec.preferred_source, spec.family == Family::ipv4 ? 32 : 128);
        if (!src || rtnl_route_set_pref_src(route.get(), src.get()) < 0) {
            return nullptr;
        }
    }
    if (spec.gateway || spec.ifindex != 0) {
        RtnlNexthopPtr nh(rtnl_route_nh_alloc());
        if (!nh) {
            return nullptr;
        }
        if (spec.ifindex != 0) {
            rtnl_route_nh_set_ifindex(nh.get(), spec.ifindex);
        }
        if (spec.gateway) {
            NlAddrPtr gw = to_nl_addr(*spec.gateway, spec.gateway->is_v4() ? 32 : 128);
            if (!gw) {
                return nullptr;
            }
            rtnl_route_nh_set_gateway(nh.get(), gw.get());
        }
        if (spec.nexthop_flags != 0) {
            rtnl_route_nh_set_flags(nh.get(), spec.nexthop_flags);
        }
        rtnl_route_add_nexthop(route.get(), nh.release());
    }
    return route;
}

RtnlRulePtr make_rtnl_rule(const RuleSpec& spec) noexcept {
    RtnlRulePtr rule(rtnl_rule_alloc());
    if (!rule) {
        return nullptr;
    }
    rtnl_rule_set_family(rule.get(), to_af(spec.family));
    rtnl_rule_set_action(rule.get(), static_cast<std::uint8_t>(spec.action));
    switch (spec.action) {
    case RuleAction::to_table:
        rtnl_rule_set_table(rule.get(), spec.table);
        break;
    case RuleAction::goto_rule:
        if (spec.goto_target) {
            rtnl_rule_set_goto(rule.get(), *spec.goto_target);
        }
        break;
    case RuleAction::nop:
    case RuleAction::blackhole:
    case RuleAction::unreachable:
    case RuleAction::prohibit:
        break;
    }
    if (spec.priority) {
        rtnl_rule_set_prio(rule.get(), *spec.priority);
    }
    rtnl_rule_set_protocol(rule.get(), spec.protocol);
    if (spec.from) {
        NlAddrPtr from = to_nl_addr(*spec.from, spec.from_prefix);
        if (!from || rtnl_rule_set_src(rule.get(), from.get()) < 0) {
            return nullptr;
        }
    }
    if (spec.to) {
        NlAddrPtr to = to_nl_addr(*spec.to, spec.to_prefix);
        if (!to || rtnl_rule_set_dst(rule.get(), to.get()) < 0) {
            return nullptr;
        }
    }
    if (!spec.iif.empty() && rtnl_rule_set_iif(rule.get(), spec.iif.c_str()) < 0) {
        return nullptr;
    }
    if (!spec.oif.empty() && rtnl_rule_set_oif(rule.get(), spec.oif.c_str()) < 0) {
        return nullptr;
    }
    if (spec.fwmark) {
        rtnl_rule_set_mark(rule.get(), *spec.fwmark);
    }
    if (spec.fwmask) {
        rtnl_rule_set_mask(rule.get(), *spec.fwmask);
    }
    if (spec.tos != 0) {
        rtnl_rule_set_dsfield(rule.get(), spec.tos);
    }
    return rule;
}

std::optional<LinkEvent> link_event(rtnl_link* link, Change change) noexcept {
    try {
        LinkEvent event;
        event.change = change;
        event.index = rtnl_link_get_ifindex(link);
        const char* name = rtnl_link_get_name(link);
        event.name = name != nullptr ? name : "";
        event.flags = rtnl_link_get_flags(link);
        event.arp_type = rtnl_link_get_arptype(link);
        event.master = rtnl_link_get_master(link);
        nl_addr* hw = rtnl_link_get_addr(link);
        if (hw != nullptr && nl_addr_get_len(hw) == event.mac.size()) {
            event.mac = raw_bytes<6>(hw);
        }
        return event;
    } catch (...) {
        return std::nullopt;
    }
}

std::optional<AddressEvent> address_event(rtnl_addr* address, Change change) noexcept {
    try {
        auto local = from_nl_addr(rtnl_addr_get_local(address));
        if (!local) {
            return std::nullopt;
        }
        AddressEvent event;
        event.change = change;
        event.ifindex = rtnl_addr_get_ifindex(address);
        event.address = *local;
        event.prefix = static_cast<std::uint8_t>(rtnl_addr_get_prefixlen(address));
        event.scope = static_cast<std::uint8_t>(rtnl_addr_get_scope(address));
        event.flags = rtnl_addr_get_flags(address);
        const char* label = rtnl_addr_get_label(address);
        event.label = label != nullptr ? label : "";
        return event;
    } catch (...) {
        return std::nullopt;
    }
}

std::optional<RouteEvent> route_event(rtnl_route* route, Change change) noexcept {
    const auto family = family_of(rtnl_route_get_family(route));
    if (!family) {
        return std::nullopt;
    }
    RouteEvent event;
    event.change = change;
    RouteSpec& spec = event.route;
    spec.family = *family;
    nl_addr* dst = rtnl_route_get_dst(route);
    if (dst != nullptr) {
        spec.destination = from_nl_addr(dst);
        spec.prefix = static_cast<std::uint8_t>(nl_addr_get_prefixlen(dst));
        if (spec.prefix == 0) {
            spec.destination.reset();
        }
    }
    spec.preferred_source = from_nl_addr(rtnl_route_get_pref_src(route));
    spec.scope = rtnl_route_get_scope(route);
    spec.table = rtnl_route_get_table(route);
    spec.metric = rtnl_route_get_priority(route);
    spec.protocol = rtnl_route_get_protocol(route);
    spec.type = static_cast<RouteType>(rtnl_route_get_type(route));
    if (rtnl_route_get_nnexthops(route) > 0) {
        rtnl_nexthop* nh = rtnl_route_nexthop_n(route, 0);
        spec.ifindex = rtnl_route_nh_get_ifindex(nh);
        spec.gateway = from_nl_addr(rtnl_route_nh_get_gateway(nh));
        spec.nexthop_flags = rtnl_route_nh_get_flags(nh) & nexthop_flag_onlink;
    }
    return event;
}

std::optional<RuleEvent> rule_event(rtnl_rule* rule, Change change) noexcept {
    try {
        const auto family = family_of(rtnl_rule_get_family(rule));
        if (!family) {
            return std::nullopt;
        }
        RuleEvent event;
        event.change = change;
        RuleSpec& spec = event.rule;
        spec.family = *family;
        if (nl_addr* src = rtnl_rule_get_src(rule); src != nullptr) {
            spec.from = from_nl_addr(src);
            spec.from_prefix = static_cast<std::uint8_t>(nl_addr_get_prefixlen(src));
        }
        if (nl_addr* dst = rtnl_rule_get_dst(rule); dst != nullptr) {
            spec.to = from_nl_addr(dst);
            spec.to_prefix = static_cast<std::uint8_t>(nl_addr_get_prefixlen(dst));
        }
        if (const char* iif = rtnl_rule_get_iif(rule); iif != nullptr) {
            spec.iif = iif;
        }
        if (const char* oif = rtnl_rule_get_oif(rule); oif != nullptr) {
            spec.oif = oif;
        }
        spec.action = static_cast<RuleAction>(rtnl_rule_get_action(rule));
        spec.table = rtnl_rule_get_table(rule);
        spec.priority = rtnl_rule_get_prio(rule);
        // Absent attributes read as all ones; kernels also report "no fwmark" as 0/0.
        const std::uint32_t mark = rtnl_rule_get_mark(rule);
        if (mark != 0xffffffffU && mark != 0) {
            spec.fwmark = mark;
        }
        const std::uint32_t mask = rtnl_rule_get_mask(rule);
        if (mask != 0xffffffffU && mask != 0) {
            spec.fwmask = mask;
        }
        spec.tos = rtnl_rule_get_dsfield(rule);
        std::uint8_t protocol = 0;
        if (rtnl_rule_get_protocol(rule, &protocol) == 0) {
            spec.protocol = protocol;
        }
        if (spec.action == RuleAction::goto_rule) {
            spec.goto_target = rtnl_rule_get_goto(rule);
        }
        return event;
    } catch (...) {
        return std::nullopt;
    }
}

} // namespace vigil::netlink
