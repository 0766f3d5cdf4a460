#include "attempt/target.hpp"

#include <fmt/format.h>

namespace vigil::attempt {

probe::Target target_of(const config::ConnectionOptions& connection, const config::RealServer& rs) {
    probe::Target target;
    target.address = connection.connect_ip_.value_or(rs.address_);
    target.port = connection.connect_port_.value_or(rs.configured_port_);
    target.bind_address = connection.bindto_;
    target.bind_port = connection.bind_port_.value_or(0);
    target.bind_interface = connection.bind_if_.value_or("");
    target.fwmark = connection.fwmark_;
    return target;
}

std::chrono::microseconds timeout_of(const config::ConnectionOptions& connection) {
    return connection.connect_timeout_.value_or(std::chrono::seconds{5});
}

std::string address_pair(const net::IpAddress& address, std::uint16_t port) {
    return fmt::format("[{}]:{}", address.to_string(), port);
}

} // namespace vigil::attempt
