#include "udp/socket_address.hpp"

#include <cstring>

namespace vigil::udp {

net::IpAddress from_in_addr(const in_addr& address) noexcept {
    std::array<std::uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), &address, 4);
    return net::IpAddress{net::Family::ipv4, bytes};
}

net::IpAddress unmapped(const in6_addr& address) noexcept {
    std::array<std::uint8_t, 16> bytes{};
    if (IN6_IS_ADDR_V4MAPPED(&address)) {
        std::memcpy(bytes.data(), address.s6_addr + 12, 4);
        return net::IpAddress{net::Family::ipv4, bytes};
    }
    std::memcpy(bytes.data(), address.s6_addr, 16);
    return net::IpAddress{net::Family::ipv6, bytes};
}

SocketAddress make_socket_address(const net::IpAddress& address, std::uint16_t port) noexcept {
    SocketAddress out;
    if (address.family() == net::Family::ipv4) {
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(port);
        std::memcpy(&sin.sin_addr, address.bytes().data(), 4);
        std::memcpy(&out.storage, &sin, sizeof sin);
        out.length = sizeof sin;
    } else {
        sockaddr_in6 sin6{};
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons(port);
        std::memcpy(&sin6.sin6_addr, address.bytes().data(), 16);
        std::memcpy(&out.storage, &sin6, sizeof sin6);
        out.length = sizeof sin6;
    }
    return out;
}

SocketAddress any_address(net::Family family, std::uint16_t port) noexcept {
    return make_socket_address(net::IpAddress{family, {}}, port);
}

std::optional<Endpoint> endpoint_of(const sockaddr_storage& storage) noexcept {
    if (storage.ss_family == AF_INET) {
        sockaddr_in sin{};
        std::memcpy(&sin, &storage, sizeof sin);
        return Endpoint{from_in_addr(sin.sin_addr), ntohs(sin.sin_port)};
    }
    if (storage.ss_family == AF_INET6) {
        sockaddr_in6 sin6{};
        std::memcpy(&sin6, &storage, sizeof sin6);
        return Endpoint{unmapped(sin6.sin6_addr), ntohs(sin6.sin6_port)};
    }
    return std::nullopt;
}

} // namespace vigil::udp
