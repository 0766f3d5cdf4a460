#include "probe/socket_open.hpp"

#include "udp/socket_address.hpp"

#include <sys/socket.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

namespace vigil::probe {

std::string prepare_socket(int fd, const Target& target, BindDevice bind_device) {
    if (target.fwmark != 0 && ::setsockopt(fd, SOL_SOCKET, SO_MARK, &target.fwmark, sizeof(target.fwmark)) != 0) {
        return fmt::format("Error setting fwmark {} to socket: {}", target.fwmark, std::strerror(errno));
    }
    if (bind_device == BindDevice::yes && !target.bind_interface.empty() &&
        ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, target.bind_interface.c_str(),
                     static_cast<socklen_t>(target.bind_interface.size() + 1)) != 0) {
        return fmt::format("Checker can't bind to device {}: {}", target.bind_interface, std::strerror(errno));
    }
    if (target.bind_address) {
        const auto local = udp::make_socket_address(*target.bind_address, target.bind_port);
        if (::bind(fd, local.get(), local.length) != 0) {
            return fmt::format("Checker bind failed: {}", std::strerror(errno));
        }
    }
    return {};
}

OpenedSocket open_and_connect(const Target& target, Transport transport) {
    OpenedSocket out;
    const int family = target.address.family() == net::Family::ipv4 ? AF_INET : AF_INET6;
    const bool tcp = transport == Transport::tcp;
    out.fd = UniqueFd(::socket(family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK,
                               tcp ? IPPROTO_TCP : IPPROTO_UDP));
    if (!out.fd) {
        return out;
    }
    const int fd = out.fd.get();
    if (tcp) {
        const linger li{1, 5};
        if (::setsockopt(fd, SOL_SOCKET, SO_LINGER, &li, sizeof li) != 0) {
            out.problem = fmt::format("Failed to set SO_LINGER for socket {} - errno {} ({})", fd, errno,
                                      std::strerror(errno));
        }
    }
    if (std::string problem = prepare_socket(fd, target, BindDevice::yes); !problem.empty()) {
        out.problem = std::move(problem);
        return out;
    }
    const auto remote = udp::make_socket_address(target.address, target.port);
    const int rc = ::connect(fd, remote.get(), remote.length);
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
