#pragma once
// Address, route and rule lines (keepalived/vrrp/vrrp_ipaddress.c, vrrp_iproute.c,
// vrrp_iprule.c syntax; reference §3.3 "Per-address syntax" and "Routes and rules").

#include "parser/bind_context.hpp"

#include <optional>
#include <vector>

namespace vigil::parser {

enum class AddressContext : std::uint8_t { virtual_address, static_address };

// One address line; nullopt (after "VRRP parsed invalid IP X. skipping IP...") when the
// address itself is invalid. Unknown options are reported and skipped.
std::optional<config::VirtualAddress> bind_address(BindContext& ctx, const Statement& s, AddressContext where);
std::optional<config::Route> bind_route(BindContext& ctx, const Statement& s, AddressContext where);
std::optional<config::Rule> bind_rule(BindContext& ctx, const Statement& s, AddressContext where);

// Every line of an address/route/rule block.
void bind_addresses(BindContext& ctx, const Statement& block, AddressContext where,
                    std::vector<config::VirtualAddress>& out);
void bind_routes(BindContext& ctx, const Statement& block, AddressContext where, std::vector<config::Route>& out);
void bind_rules(BindContext& ctx, const Statement& block, AddressContext where, std::vector<config::Rule>& out);

// Canonical text of one entry (the dump, and the engine's log lines).
std::string format_address(const config::VirtualAddress& a);
std::string format_route(const config::Route& r);
std::string format_rule(const config::Rule& r);
std::string scope_name(std::uint8_t scope);

} // namespace vigil::parser
