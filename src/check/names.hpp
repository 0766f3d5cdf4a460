#pragma once
// keepalived's text forms of LVS objects in the checker's log lines, FIFO lines and mails
// (check_data.c format_vs/format_rs, utils.c inet_sockaddrtotrio): "[ADDR]:PROTO:PORT",
// "FWM N", "[GROUP]:ORDINAL", and the group entries of the reload messages.

#include "config/lvs_model.hpp"

#include <string>

namespace vigil::check {

// "[192.0.2.1]:tcp:80", "[2001:db8::1]:udp:53"; the protocol is "none" for fwmark services.
std::string trio(const net::IpAddress& address, config::LvsProtocol protocol, unsigned port);

// A virtual server: "[ADDR]:PROTO:PORT", "FWM N", or "[GROUP]:ORDINAL".
std::string virtual_server_text(const config::VirtualServer& vs);

// A group entry as "VS [...] added into group G" shows it: "[ADDR]:PROTO:PORT",
// "[FIRST]:PROTO:PORT-LAST", or "FWM N" (added) / "N" (removed).
enum class EntryWording : std::uint8_t { added, removed };
std::string group_entry_text(const config::VirtualServerGroupEntry& entry, config::LvsProtocol protocol,
                             EntryWording wording);

} // namespace vigil::check
