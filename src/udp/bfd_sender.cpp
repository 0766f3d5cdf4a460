#include "udp/bfd_sender.hpp"

#include "udp/bfd_listener.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace vigil::udp {
namespace {

std::string describe(const char* what) {
    return fmt::format("{} error ({})", what, std::strerror(errno));
}

} // namespace

std::optional<BfdSender> BfdSender::open(const bfd::SessionSettings& settings, PortRange range,
                                         std::uint32_t first_port, std::string& error) {
    const net::Family family = settings.neighbor.family();
    const int domain = family == net::Family::ipv4 ? AF_INET : AF_INET6;
    UniqueFd fd{::socket(domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP)};
    if (!fd) {
        error = describe("socket()");
        return std::nullopt;
    }
    const int ttl = settings.send_ttl;
    const int level = family == net::Family::ipv4 ? IPPROTO_IP : IPPROTO_IPV6;
    const int option = family == net::Family::ipv4 ? IP_TTL : IPV6_UNICAST_HOPS;
    if (::setsockopt(fd.get(), level, option, &ttl, sizeof ttl) != 0) {
        error = describe("setsockopt()");
        return std::nullopt;
    }
    // Try every port of the range once, from a random start, until one is free.
    const std::uint32_t count = std::uint32_t{range.high} - range.low + 1;
    const std::uint32_t start = first_port % count;
    for (std::uint32_t i = 0; i < count; ++i) {
        const auto port = static_cast<std::uint16_t>(range.low + (start + i) % count);
        const SocketAddress local = settings.source ? make_socket_address(*settings.source, port)
                                                    : any_address(family, port);
        if (::bind(fd.get(), local.get(), local.length) == 0) {
            const std::uint16_t remote =
                settings.hop == bfd::Hop::single ? bfd_single_hop_port : bfd_multihop_port;
            return BfdSender{std::move(fd), make_socket_address(settings.neighbor, remote), port};
        }
        if (errno != EADDRINUSE) {
            break;
        }
    }
    error = describe("bind()");
    return std::nullopt;
}

bool BfdSender::send(std::span<const std::byte> packet) noexcept {
    return ::sendto(fd_.get(), packet.data(), packet.size(), MSG_DONTWAIT, destination_.get(),
                    destination_.length) == static_cast<ssize_t>(packet.size());
}

} // namespace vigil::udp
