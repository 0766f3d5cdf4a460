#pragma once
// Where a probe goes and how its socket is set up: the connection keywords every socket
// checker shares (connect_ip/port, bindto, bind_port, bind_if, fwmark).

#include "net/ip_address.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::probe {

struct Target {
    net::IpAddress address;
    std::uint16_t port = 0;
    std::optional<net::IpAddress> bind_address;
    std::uint16_t bind_port = 0;
    std::string bind_interface;  // empty: none
    std::uint32_t fwmark = 0;
};

} // namespace vigil::probe
