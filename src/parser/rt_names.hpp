#pragma once
// keepalived's lib/rttables.c lookups: a number (strtoul, base 0) or a name from
// /etc/iproute2/FILE (through the SystemCatalog), then keepalived's built-in names.

#include "parser/system_catalog.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::parser::rt_names {

std::optional<std::uint32_t> table(const SystemCatalog& system, std::string_view name);
std::optional<std::uint8_t> dsfield(const SystemCatalog& system, std::string_view name);
std::optional<std::uint8_t> protocol(const SystemCatalog& system, std::string_view name);
std::optional<std::uint8_t> scope(const SystemCatalog& system, std::string_view name);
std::optional<std::uint32_t> realm(const SystemCatalog& system, std::string_view name);
std::optional<std::uint32_t> group(const SystemCatalog& system, std::string_view name);
// get_realms(): REALM or FROM/TO.
std::optional<std::uint32_t> realms(const SystemCatalog& system, std::string_view text);
// find_rttables_rtntype(): a route type name or a number 0..255.
std::optional<std::uint8_t> route_type(std::string_view name);
// inet_proto_a2n(): a number 0..127 or a protocol name.
std::optional<int> ip_protocol(const SystemCatalog& system, std::string_view text);

// Route type numbers (linux/rtnetlink.h).
inline constexpr std::uint8_t rtn_blackhole = 6;
inline constexpr std::uint8_t rtn_unreachable = 7;
inline constexpr std::uint8_t rtn_prohibit = 8;

} // namespace vigil::parser::rt_names
