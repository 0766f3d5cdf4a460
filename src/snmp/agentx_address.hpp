#pragma once
// Where the AgentX master listens: `snmp_socket` / `-A` (keepalived passes the text to
// net-snmp's agentx transport). Accepted forms, as net-snmp reads them for AgentX:
//   /path, unix:/path                     a unix stream socket
//   tcp:HOST:PORT, HOST:PORT, tcp:HOST    TCP (port 705 by default); HOST may be [v6addr]
//   tcp6:[v6addr]:PORT
// keepalived's default (nothing configured) is net-snmp's: unix:/var/agentx/master.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::snmp {

struct AgentxAddress {
    enum class Kind : std::uint8_t { unix_stream, tcp };
    Kind kind = Kind::unix_stream;
    std::string path;         // unix_stream
    std::string host;         // tcp: name or numeric address, brackets removed
    std::uint16_t port = 705; // tcp
    friend bool operator==(const AgentxAddress&, const AgentxAddress&) = default;
};

inline constexpr std::string_view default_agentx_socket = "/var/agentx/master";

// nullopt with `error` set for what cannot be an AgentX master address (udp:, a bad port).
std::optional<AgentxAddress> parse_agentx_address(std::string_view text, std::string& error);

// "unix:/var/agentx/master", "tcp:127.0.0.1:705": how the data dump prints it.
std::string to_string(const AgentxAddress& address);

} // namespace vigil::snmp
