#pragma once
// keepalived's text forms of LVS objects in messages (check_data.c format_vs, format_rs,
// format_vsge; utils.c inet_sockaddrtotrio): "[ADDR]:PROTO:PORT", "FWM N", "[GROUP]:N".

#include "config/lvs_model.hpp"

#include <string>
#include <string_view>

namespace vigil::parser {

std::string_view protocol_name(config::LvsProtocol protocol);  // tcp, udp, sctp, none

// "[ADDR]:PROTO:PORT".
std::string format_trio(const net::IpAddress& address, config::LvsProtocol protocol, unsigned port);

// A virtual server: "[ADDR]:PROTO:PORT", "FWM N", or "[GROUP]:ORDINAL" (its position
// among the virtual servers of that group).
std::string format_vs(const config::VirtualServer& vs, unsigned group_ordinal = 0);

// A real (or sorry) server as its virtual server's messages show it.
std::string format_rs(const net::IpAddress& address, unsigned port, const config::VirtualServer& vs);

// A group entry: "ADDR,PORT", "FIRST-LAST,PORT" or "FWM N".
std::string format_vsg_entry(const config::VirtualServerGroupEntry& e);

// A script as keepalived's cmd_str() prints it: every word in single quotes, except a
// leading redirection test ("</path").
std::string format_command(const config::Command& c);

// keepalived's inet_stosockaddr: ADDR (anything from the first '-' or '/' on is ignored;
// the family is IPv6 when the text has a ':').
std::optional<net::IpAddress> parse_socket_address(std::string_view text);

} // namespace vigil::parser
