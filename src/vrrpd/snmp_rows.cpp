#include "vrrpd/snmp_rows.hpp"

#include "vrrpd/dump.hpp"
#include "vrrpd/netlink_specs.hpp"

#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace vigil::vrrpd {
namespace {

// keepalived's route types for the MIB (vrrp_snmp.c): 2 is a multipath route, which vigil's
// route model does not have.
int route_type(netlink::RouteType type) {
    switch (type) {
    case netlink::RouteType::blackhole: return 3;
    case netlink::RouteType::anycast: return 4;
    case netlink::RouteType::multicast: return 5;
    case netlink::RouteType::broadcast: return 6;
    case netlink::RouteType::unreachable: return 7;
    case netlink::RouteType::prohibit: return 8;
    case netlink::RouteType::throw_: return 9;
    case netlink::RouteType::nat: return 10;
    default: return 1;
    }
}

} // namespace

int inet_scope(unsigned scope) noexcept {
    switch (scope) {
    case 0: return 14;
    case 254: return 1;
    case 253: return 2;
    case 200: return 5;
    default: return 0;
    }
}

snmp::AddressRow static_address_row(const config::VirtualAddress& v, const netlink::InterfaceCatalog& catalog) {
    snmp::AddressRow a;
    a.address = raw_address(v.address_);
    a.prefix = v.prefix_;
    if (v.address_.is_v4()) {
        a.broadcast = v.broadcast_ ? raw_address(*v.broadcast_) : std::string(4, '\0');
    }
    a.scope = inet_scope(v.scope_);
    a.label = v.label_;
    if (v.peer_) {
        a.peer = raw_address(*v.peer_);
    }
    a.ifname = v.dev_.value_or("");
    if (const netlink::Interface* itf = catalog.find(a.ifname)) {
        a.ifindex = itf->index;
    }
    a.set = true;
    return a;
}

snmp::RouteRow route_row(const config::Route& route, const netlink::InterfaceCatalog& catalog, bool set) {
    snmp::RouteRow r;
    r.set = set;
    const std::optional<netlink::RouteSpec> spec = route_spec(route, catalog);
    if (!spec) {
        r.set = false;
        return r;
    }
    r.address_type = spec->family == net::Family::ipv6 ? 2 : 1;
    if (spec->destination) {
        r.destination = raw_address(*spec->destination);
        r.destination_prefix = spec->prefix;
    }
    if (spec->gateway) {
        r.gateway = raw_address(*spec->gateway);
    }
    if (spec->preferred_source) {
        r.source = raw_address(*spec->preferred_source);
    }
    r.metric = spec->metric.value_or(0);
    r.scope = inet_scope(spec->scope.value_or(0));
    r.type = route_type(spec->type);
    if (route.dev_) {
        r.ifindex = spec->ifindex;
        r.ifname = *route.dev_;
    }
    r.table = spec->table;
    r.protocol = spec->protocol + 1; // keepalived shows RTPROT_* + 1
    return r;
}

snmp::RuleRow rule_row(const config::Rule& rule, std::uint32_t preference, bool set) {
    snmp::RuleRow r;
    r.set = set;
    const std::optional<netlink::RuleSpec> spec = rule_spec(rule);
    if (!spec) {
        return r;
    }
    if (spec->from) {
        r.from = raw_address(*spec->from);
        r.from_prefix = spec->from_prefix;
    }
    if (spec->to) {
        r.to = raw_address(*spec->to);
        r.to_prefix = spec->to_prefix;
    }
    if (spec->action == netlink::RuleAction::to_table) {
        r.table = spec->table;
    }
    r.tos = spec->tos;
    r.fwmark = spec->fwmark;
    r.fwmask = spec->fwmask;
    if (!spec->iif.empty()) {
        r.iif = spec->iif;
    }
    if (!spec->oif.empty()) {
        r.oif = spec->oif;
    }
    r.goto_target = spec->goto_target;
    r.action = static_cast<int>(spec->action);
    r.preference = preference;
    return r;
}

RulePreferences rule_preferences(const config::Config& config) {
    RulePreferences out;
    std::uint32_t next_v4 = 16384;
    std::uint32_t next_v6 = 16384;
    const auto assign = [&](const config::Rule& rule) {
        if (rule.preference_) {
            return *rule.preference_;
        }
        const std::optional<netlink::RuleSpec> spec = rule_spec(rule);
        const bool v6 = spec && spec->family == net::Family::ipv6;
        return v6 ? next_v6-- : next_v4--;
    };
    for (const config::Rule& rule : config.static_rules_) {
        out.static_rules.push_back(assign(rule));
    }
    for (const config::VrrpInstance& instance : config.instances_) {
        auto& list = out.instance_rules.emplace_back();
        for (const config::Rule& rule : instance.virtual_rules_) {
            list.push_back(assign(rule));
        }
    }
    return out;
}

} // namespace vigil::vrrpd
