#pragma once
// What the VRRP and checker children's MIBs take from the configuration model alike: raw
// addresses, commands as keepalived shows them, KEEPALIVED-MIB `global`, the router id.

#include "config/model.hpp"
#include "snmp/snapshot.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vigil::snmp {

// The address's bytes in network order (4 or 16).
std::string raw_address(const net::IpAddress& address);

// A command as keepalived shows it (cmd_str_r): its program resolved as keepalived resolves
// it (PATH for a bare name, then symbolic links: "/bin/true" shows as "/usr/bin/true"), each
// word quoted.
std::string shown_command(const std::vector<std::string>& argv);
std::optional<std::string> command_text(const config::OptionalCommand& command);

// global_defs' router_id, else the host name (keepalived's default).
std::string router_id(const config::GlobalDefs& global);

// KEEPALIVED-MIB `global` of `config`; `version` is the version string the process reports.
GlobalInfo global_info(const config::Config& config, std::string version);

} // namespace vigil::snmp
