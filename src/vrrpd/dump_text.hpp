#pragma once
// keepalived's text of the VRRP child's addresses, routes, rules and tracker weights, as its
// format_ipaddress, format_iproute, format_iprule and dump_track_* write them (the data
// dump's lines, vrrpd/dump.hpp). Pure.

#include "config/model.hpp"
#include "vrrp/instance_config.hpp"
#include "vrrpconf/engine_config.hpp"

#include <optional>
#include <string>

namespace vigil::vrrpd {

// format_ipaddress(): ADDR[/LEN] [brd B] dev IF[@BASE] scope S [label L] [peer P/LEN]
// [track_group G] [preferred_lft ...] (IPv6). `base`: a VMAC's base interface;
// `track_group`: a static address's.
std::string address_line(const vrrp::VirtualAddress& v, const vrrpconf::AddressOptions& o,
                         const std::optional<std::string>& base, const std::optional<std::string>& track_group);
// format_iproute() for the options vigil models (keepalived marks its routes proto 18).
std::string route_text(const config::Route& r);
// format_iprule() for the options vigil models.
std::string rule_text(const config::Rule& r);
// "weight W[ reverse]".
std::string weight_text(const vrrp::TrackRef& t);

} // namespace vigil::vrrpd
