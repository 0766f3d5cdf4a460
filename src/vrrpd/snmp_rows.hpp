#pragma once
// Rows of the KEEPALIVED-MIB address, route and rule tables and the command strings of its
// script columns, from the configuration model (snmp_snapshot.cpp puts them together).

#include "config/model.hpp"
#include "netlink/interface_catalog.hpp"
#include "snmp/config_values.hpp"
#include "snmp/snapshot.hpp"
#include "vrrpd/engine_config.hpp"

#include <string>
#include <vector>

namespace vigil::vrrpd {

using snmp::raw_address;

// InetScopeType of a Linux address or route scope (keepalived's snmp_scope).
int inet_scope(unsigned scope) noexcept;

using snmp::shown_command;

// A static_ipaddress entry (vrrpAddressTable, instance 0): installed, not advertised.
snmp::AddressRow static_address_row(const config::VirtualAddress& address,
                                    const netlink::InterfaceCatalog& catalog);

snmp::RouteRow route_row(const config::Route& route, const netlink::InterfaceCatalog& catalog, bool set);

// `preference`: the rule's own, or the one keepalived assigned it (16384 counting down per
// family, in configuration order, for rules without one).
snmp::RuleRow rule_row(const config::Rule& rule, std::uint32_t preference, bool set);

// The preferences keepalived gives the rules without one: static rules first, then each
// instance's virtual rules, in configuration order; parallel to those lists.
struct RulePreferences {
    std::vector<std::uint32_t> static_rules;
    std::vector<std::vector<std::uint32_t>> instance_rules; // by model instance
};
RulePreferences rule_preferences(const config::Config& config);

} // namespace vigil::vrrpd
