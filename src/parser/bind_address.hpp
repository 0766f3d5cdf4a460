#pragma once
// Address, route and rule lines (keepalived/vrrp/vrrp_ipaddress.c, vrrp_iproute.c,
// vrrp_iprule.c syntax; reference §3.3 "Per-address syntax" and "Routes and rules").

#include "parser/bind_context.hpp"

#include <optional>
#include <vector>

namespace vigil::parser {

enum class AddressContext : std::uint8_t { virtual_address, static_address };

// parse_ipaddress(): ADDR[/LEN], the family from the presence of a ':'. "VRRP parsed
// invalid IP X. skipping IP..." when it is not an address; a bad LEN is reported and the
// family's maximum used.
enum class SubnetMask : std::uint8_t { allowed, refused };
struct ParsedAddress {
    net::IpAddress address;
    unsigned prefix = 32;
    net::Family family = net::Family::ipv4;
    bool any = false;           // default / any / all (parse_route)
    bool family_given = false;  // false for default/any/all: the route's family applies
};
std::optional<ParsedAddress> parse_ipaddress(BindContext& ctx, const Location& where, std::string_view text,
                                             SubnetMask mask);
// parse_route(): also default, any, all (any family) and default6.
std::optional<ParsedAddress> parse_route_address(BindContext& ctx, const Location& where, std::string_view text);
// static_track_group_find(): a track_group defined earlier.
bool track_group_defined(BindContext& ctx, std::string_view name);

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
