#include "snmp/agentx_address.hpp"

#include <cctype>
#include <charconv>

namespace vigil::snmp {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

std::optional<AgentxAddress> parse_tcp(std::string_view rest, std::string& error) {
    AgentxAddress a;
    a.kind = AgentxAddress::Kind::tcp;
    std::string_view port;
    if (!rest.empty() && rest.front() == '[') {
        const std::size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            error = "unterminated [ in the address";
            return std::nullopt;
        }
        a.host = std::string(rest.substr(1, close - 1));
        rest.remove_prefix(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                error = "unexpected text after ]";
                return std::nullopt;
            }
            port = rest.substr(1);
        }
    } else {
        const std::size_t colon = rest.rfind(':');
        // A bare IPv6 address (several colons, no brackets) has no port.
        if (colon != std::string_view::npos && rest.find(':') == colon) {
            a.host = std::string(rest.substr(0, colon));
            port = rest.substr(colon + 1);
        } else {
            a.host = std::string(rest);
        }
    }
    if (a.host.empty()) {
        a.host = "localhost";
    }
    if (!port.empty()) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) {
            error = "invalid port '" + std::string(port) + "'";
            return std::nullopt;
        }
        a.port = static_cast<std::uint16_t>(value);
    }
    return a;
}

} // namespace

std::optional<AgentxAddress> parse_agentx_address(std::string_view text, std::string& error) {
    if (text.empty()) {
        error = "empty address";
        return std::nullopt;
    }
    if (starts_with_ci(text, "unix:")) {
        text.remove_prefix(5);
        if (text.empty()) {
            error = "empty socket path";
            return std::nullopt;
        }
        return AgentxAddress{AgentxAddress::Kind::unix_stream, std::string(text), {}, 705};
    }
    if (text.front() == '/') {
        return AgentxAddress{AgentxAddress::Kind::unix_stream, std::string(text), {}, 705};
    }
    if (starts_with_ci(text, "tcp6:")) {
        return parse_tcp(text.substr(5), error);
    }
    if (starts_with_ci(text, "tcp:")) {
        return parse_tcp(text.substr(4), error);
    }
    if (starts_with_ci(text, "udp:") || starts_with_ci(text, "udp6:")) {
        error = "AgentX needs a stream transport (unix: or tcp:), not UDP";
        return std::nullopt;
    }
    return parse_tcp(text, error);
}

std::string to_string(const AgentxAddress& a) {
    switch (a.kind) {
    case AgentxAddress::Kind::unix_stream:
        return "unix:" + a.path;
    case AgentxAddress::Kind::tcp:
        if (a.host.find(':') != std::string::npos) {
            return "tcp:[" + a.host + "]:" + std::to_string(a.port);
        }
        return "tcp:" + a.host + ":" + std::to_string(a.port);
    }
    return {};
}

} // namespace vigil::snmp
