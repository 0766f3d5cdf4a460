#include "netlink/address_spec.hpp"
#include "netlink/events.hpp"
#include "netlink/route_spec.hpp"
#include "netlink/rule_spec.hpp"

#include <array>
#include <net/if.h>

namespace vigil::netlink {

IpAddress broadcast_address(const IpAddress& address, unsigned prefix,
                            BroadcastFill fill) noexcept {
    if (!address.is_v4() || prefix > 32) {
        return address;
    }
    const std::uint32_t host_mask = prefix == 32 ? 0U : (0xffffffffU >> prefix);
    std::uint32_t value = address.v4_host_order();
    switch (fill) {
    case BroadcastFill::ones:
        value |= host_mask;
        break;
    case BroadcastFill::zeros:
        value &= ~host_mask;
        break;
    }
    return IpAddress::v4(value);
}

void apply_vip_defaults(AddressSpec& spec, Dad dad,
                        std::optional<std::uint32_t> configured_preferred_lft) noexcept {
    if (!spec.address.is_v6()) {
        spec.preferred_lifetime = configured_preferred_lft;
        return;
    }
    switch (dad) {
    case Dad::disabled:
        spec.flags |= address_flag::nodad;
        break;
    case Dad::enabled:
        spec.flags &= ~address_flag::nodad;
        break;
    }
    if (configured_preferred_lft) {
        spec.preferred_lifetime =
            *configured_preferred_lft == lifetime_forever ? std::nullopt : configured_preferred_lft;
    } else if (spec.prefix == 128) {
        spec.preferred_lifetime = 0;
    }
}

bool same_route(const RouteSpec& configured, const RouteSpec& observed) noexcept {
    // The kernel's default metric: 0 for IPv4, 1024 for IPv6.
    const std::uint32_t default_metric = configured.family == Family::ipv4 ? 0 : 1024;
    return configured.family == observed.family && configured.table == observed.table &&
           configured.destination == observed.destination &&
           (configured.destination ? configured.prefix == observed.prefix : true) &&
           configured.metric.value_or(default_metric) == observed.metric.value_or(default_metric) &&
           configured.type == observed.type;
}

bool same_rule(const RuleSpec& configured, const RuleSpec& observed) noexcept {
    return configured.family == observed.family && configured.action == observed.action &&
           (configured.action != RuleAction::to_table || configured.table == observed.table) &&
           (!configured.priority || configured.priority == observed.priority) &&
           configured.from == observed.from &&
           (!configured.from || configured.from_prefix == observed.from_prefix) &&
           configured.to == observed.to &&
           (!configured.to || configured.to_prefix == observed.to_prefix) &&
           configured.iif == observed.iif && configured.oif == observed.oif &&
           configured.fwmark == observed.fwmark && configured.tos == observed.tos;
}

bool LinkEvent::up() const noexcept {
    return (flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}
bool LinkEvent::loopback() const noexcept {
    return (flags & IFF_LOOPBACK) != 0;
}
bool LinkEvent::multicast() const noexcept {
    return (flags & IFF_MULTICAST) != 0;
}

} // namespace vigil::netlink
