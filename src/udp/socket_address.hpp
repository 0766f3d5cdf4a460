#pragma once
// Conversions between net::IpAddress and the socket API's address structures.

#include "net/ip_address.hpp"

#include <cstdint>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>

namespace vigil::udp {

struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;

    const sockaddr* get() const noexcept { return reinterpret_cast<const sockaddr*>(&storage); }
};

SocketAddress make_socket_address(const net::IpAddress& address, std::uint16_t port) noexcept;
// An unspecified address (0.0.0.0 or ::) of `family` with `port`.
SocketAddress any_address(net::Family family, std::uint16_t port) noexcept;

// The address and port of a received datagram. IPv4-mapped IPv6 addresses (from a
// dual-stack socket) come back as IPv4.
struct Endpoint {
    net::IpAddress address;
    std::uint16_t port = 0;
};
std::optional<Endpoint> endpoint_of(const sockaddr_storage& storage) noexcept;

// An IPv6 address, unmapped to IPv4 when it is IPv4-mapped (::ffff:a.b.c.d).
net::IpAddress unmapped(const in6_addr& address) noexcept;
net::IpAddress from_in_addr(const in_addr& address) noexcept;

} // namespace vigil::udp
