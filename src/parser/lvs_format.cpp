#include "parser/lvs_format.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <cstring>

namespace vigil::parser {

std::string_view protocol_name(config::LvsProtocol protocol) { return config::lvs_protocol_name(protocol); }

std::string format_trio(const net::IpAddress& address, config::LvsProtocol protocol, unsigned port) {
    return fmt::format("[{}]:{}:{}", address.to_string(), protocol_name(protocol), port);
}

std::string format_vs(const config::VirtualServer& vs, unsigned group_ordinal) {
    switch (vs.kind_) {
    case config::VirtualServerKind::group:
        return fmt::format("[{}]:{}", vs.group_, group_ordinal);
    case config::VirtualServerKind::fwmark:
        if (vs.fwmark_ != 0) {
            return fmt::format("FWM {}", vs.fwmark_);
        }
        // keepalived tests the mark for truth: mark 0 prints as an unset address.
        return fmt::format("[0.0.0.0]:{}:0", protocol_name(vs.protocol_));
    case config::VirtualServerKind::address:
        break;
    }
    return format_trio(vs.address_, vs.protocol_, vs.port_);
}

std::string format_rs(const net::IpAddress& address, unsigned port, const config::VirtualServer& vs) {
    return format_trio(address, vs.protocol_, port);
}

std::string format_vsg_entry(const config::VirtualServerGroupEntry& e) {
    if (e.is_fwmark_) {
        return fmt::format("FWM {}", e.fwmark_);
    }
    if (e.first_ != e.last_) {
        return fmt::format("{}-{},{}", e.first_.to_string(), e.last_.to_string(), e.port_);
    }
    return fmt::format("{},{}", e.first_.to_string(), e.port_);
}

std::string format_command(const config::Command& c) {
    std::string out;
    for (std::size_t i = 0; i < c.argv_.size(); ++i) {
        if (i != 0) {
            out += ' ';
        }
        const bool bare = i == 0 && !c.argv_[i].empty() && (c.argv_[i][0] == '<' || c.argv_[i][0] == '>');
        out += bare ? c.argv_[i] : "'" + c.argv_[i] + "'";
    }
    return out;
}

std::optional<net::IpAddress> parse_socket_address(std::string_view text) {
    const auto cut = text.find_first_of("-/");
    const auto dash = text.find('-');
    // keepalived cuts at the first '-', else at the first '/'.
    const auto end = dash != std::string_view::npos ? dash : cut;
    const auto address = text.substr(0, end);
    const bool ipv6 = text.find(':') != std::string_view::npos;
    if (address.size() >= INET6_ADDRSTRLEN) {
        return std::nullopt;
    }
    char buf[INET6_ADDRSTRLEN] = {};
    std::memcpy(buf, address.data(), address.size());
    std::array<std::uint8_t, 16> bytes{};
    if (inet_pton(ipv6 ? AF_INET6 : AF_INET, buf, bytes.data()) != 1) {
        return std::nullopt;
    }
    return net::IpAddress{ipv6 ? net::Family::ipv6 : net::Family::ipv4, bytes};
}

} // namespace vigil::parser
