#include "probe/socket_open.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace vigil::probe {
namespace {

socklen_t fill(sockaddr_storage& out, const config::IpAddress& address, std::uint16_t port) {
    std::memset(&out, 0, sizeof out);
    if (address.family() == config::Family::ipv4) {
        auto& in = reinterpret_cast<sockaddr_in&>(out);
        in.sin_family = AF_INET;
        in.sin_port = htons(port);
        std::memcpy(&in.sin_addr, address.bytes().data(), 4);
        return sizeof in;
    }
    auto& in6 = reinterpret_cast<sockaddr_in6&>(out);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(port);
    std::memcpy(&in6.sin6_addr, address.bytes().data(), 16);
    return sizeof in6;
}

} // namespace

OpenedSocket open_and_connect(const SocketTarget& target, Transport transport) {
    OpenedSocket out;
    const int family = target.address.family() == config::Family::ipv4 ? AF_INET : AF_INET6;
    const int type = transport == Transport::tcp ? SOCK_STREAM : SOCK_DGRAM;
    const int protocol = transport == Transport::tcp ? IPPROTO_TCP : IPPROTO_UDP;
    out.fd = UniqueFd(::socket(family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol));
    if (!out.fd) {
        return out;
    }
    const int fd = out.fd.get();
    if (transport == Transport::tcp) {
        const linger li{1, 5};
        if (::setsockopt(fd, SOL_SOCKET, SO_LINGER, &li, sizeof li) != 0) {
            out.problem = fmt::format("Failed to set SO_LINGER for socket {} - errno {} ({})", fd, errno,
                                      std::strerror(errno));
        }
    }
    if (target.fwmark != 0 &&
        ::setsockopt(fd, SOL_SOCKET, SO_MARK, &target.fwmark, sizeof target.fwmark) != 0) {
        out.problem = fmt::format("Error setting fwmark {} to socket: {}", target.fwmark, std::strerror(errno));
        return out;
    }
    if (target.bind_interface &&
        ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, target.bind_interface->c_str(),
                     static_cast<socklen_t>(target.bind_interface->size() + 1)) != 0) {
        out.problem = fmt::format("Checker can't bind to device {}: {}", *target.bind_interface, std::strerror(errno));
        return out;
    }
    sockaddr_storage address{};
    if (target.bind_address) {
        const socklen_t length = fill(address, *target.bind_address, target.bind_port);
        if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) != 0) {
            out.problem = fmt::format("Checker bind failed: {}", std::strerror(errno));
            return out;
        }
    }
    const socklen_t length = fill(address, target.address, target.port);
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), length);
    out.status = classify_connect_errno(rc == 0 ? 0 : errno);
    return out;
}

ConnectStatus connect_result(int fd) noexcept {
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        return classify_socket_error(-1);
    }
    return classify_socket_error(error);
}

} // namespace vigil::probe
