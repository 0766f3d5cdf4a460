#pragma once
// Where a connection checker's socket goes and how it is set up, from its connection
// options (connect_ip/port, bindto, bind_port, bind_if, fwmark, connect_timeout) over the
// real server's address and port (keepalived's checker `co`).

#include "config/lvs_model.hpp"
#include "probe/target.hpp"

#include <chrono>
#include <string>

namespace vigil::attempt {

probe::Target target_of(const config::ConnectionOptions& connection, const config::RealServer& rs);

// connect_timeout as derived (real server, then virtual server), else keepalived's 5 s.
std::chrono::microseconds timeout_of(const config::ConnectionOptions& connection);

// "[ip]:port" (keepalived's inet_sockaddrtopair).
std::string address_pair(const net::IpAddress& address, std::uint16_t port);

} // namespace vigil::attempt
