#include "udp/bfd_listener.hpp"

#include "udp/socket_address.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace vigil::udp {
namespace {

bool enable(int fd, int level, int option) noexcept {
    const int one = 1;
    return ::setsockopt(fd, level, option, &one, sizeof one) == 0;
}

std::string describe(const char* what) {
    return fmt::format("{} error ({})", what, std::strerror(errno));
}

} // namespace

std::optional<BfdListener> BfdListener::open(bfd::Hop hop, std::string& error) {
    const std::uint16_t port = hop == bfd::Hop::single ? bfd_single_hop_port : bfd_multihop_port;
    net::Family family = net::Family::ipv6;
    UniqueFd fd{::socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP)};
    if (!fd && errno == EAFNOSUPPORT) {
        family = net::Family::ipv4;
        fd.reset(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP));
    }
    if (!fd) {
        error = describe("socket()");
        return std::nullopt;
    }
    bool ok = enable(fd.get(), IPPROTO_IP, IP_RECVTTL);
    if (family == net::Family::ipv6) {
        const int zero = 0;
        ok = ok && ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero) == 0 &&
             enable(fd.get(), IPPROTO_IPV6, IPV6_RECVHOPLIMIT) &&
             enable(fd.get(), IPPROTO_IPV6, IPV6_RECVPKTINFO);
    }
    // On a dual-stack socket IPv4 datagrams carry IP_PKTINFO only if asked for at the IP
    // level too.
    ok = ok && enable(fd.get(), IPPROTO_IP, IP_PKTINFO);
    if (!ok) {
        error = describe("setsockopt()");
        return std::nullopt;
    }
    const SocketAddress local = any_address(family, port);
    if (::bind(fd.get(), local.get(), local.length) != 0) {
        error = describe("bind()");
        return std::nullopt;
    }
    return BfdListener{std::move(fd), hop};
}

std::optional<bfd::ReceivedPacket> BfdListener::read() noexcept {
    sockaddr_storage from{};
    iovec iov{buffer_.data(), buffer_.size()};
    alignas(cmsghdr) std::array<char, 256> control{};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    const ssize_t n = ::recvmsg(fd_.get(), &msg, MSG_DONTWAIT);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            ++errors_;
        }
        return std::nullopt;
    }
    if ((msg.msg_flags & MSG_TRUNC) != 0) {
        ++truncated_;
        return std::nullopt;
    }
    const auto source = endpoint_of(from);
    if (!source) {
        ++errors_;
        return std::nullopt;
    }
    bfd::ReceivedPacket packet;
    packet.payload = std::span<const std::byte>{buffer_.data(), static_cast<std::size_t>(n)};
    packet.source = source->address;
    packet.source_port = source->port;
    packet.hop = hop_;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
            (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
            int ttl = 0;
            std::memcpy(&ttl, CMSG_DATA(c), sizeof ttl);
            packet.ttl = static_cast<std::uint8_t>(ttl);
        } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            packet.destination = from_in_addr(info.ipi_addr);
        } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            in6_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            packet.destination = unmapped(info.ipi6_addr);
        }
    }
    return packet;
}

} // namespace vigil::udp
