#include "probe/probe.hpp"

#include "probe/connect_status.hpp"
#include "probe/socket_open.hpp"
#include "udp/socket_address.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <linux/errqueue.h>
#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>

namespace vigil::probe {

namespace {

static_assert(POLLIN == EPOLLIN && POLLOUT == EPOLLOUT && POLLERR == EPOLLERR && POLLHUP == EPOLLHUP);

constexpr std::size_t udp_filler_size = 32;  // keepalived's UDP_BUFSIZE
constexpr std::size_t icmp_payload_size = 128; // ICMP_BUFSIZE
constexpr int icmp_receive_buffer = 128 * 1024;

int domain_of(net::Family family) noexcept { return family == net::Family::ipv4 ? AF_INET : AF_INET6; }

} // namespace

std::vector<std::uint8_t> filler(std::size_t size) {
    static constexpr char text[] = "keepalived check - ";
    constexpr std::size_t length = sizeof(text) - 1;
    std::vector<std::uint8_t> out(size);
    for (std::size_t i = 0; i < size; ++i) {
        out[i] = static_cast<std::uint8_t>(text[i % length]);
    }
    return out;
}

bool udp_reply_matches(std::span<const std::uint8_t> reply, const UdpRules& rules) noexcept {
    if (reply.size() < rules.min_reply_length || reply.size() > rules.max_reply_length) {
        return false;
    }
    const std::size_t compared = std::min(reply.size(), rules.reply.size());
    for (std::size_t i = 0; i < compared; ++i) {
        const std::uint8_t free_bits = i < rules.reply_mask.size() ? rules.reply_mask[i] : 0;
        if (((reply[i] ^ rules.reply[i]) & static_cast<std::uint8_t>(~free_bits)) != 0) {
            return false;
        }
    }
    return true;
}

Step Probe::finish(Result result, std::string log) { return Step{result, std::move(log)}; }

Step Probe::start_tcp(const Target& target) {
    kind_ = Kind::tcp;
    family_ = target.address.family();
    fd_.reset(socket(domain_of(family_), SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP));
    if (!fd_) {
        return finish(Result::not_run, "TCP connect fail to create socket. Rescheduling.");
    }
    if (std::string error = prepare_socket(fd_.get(), target, BindDevice::yes); !error.empty()) {
        return finish(Result::not_run, "TCP socket bind failed. Rescheduling.");
    }
    const auto remote = udp::make_socket_address(target.address, target.port);
    if (connect(fd_.get(), remote.get(), remote.length) == 0) {
        return finish(Result::success);
    }
    if (errno == EINPROGRESS) {
        return Step{};
    }
    if (classify_connect_errno(errno) == ConnectStatus::failed) {
        return finish(Result::failed);
    }
    return finish(Result::not_run, "TCP socket bind failed. Rescheduling.");
}

Step Probe::tcp_ready() {
    int error = 0;
    socklen_t length = sizeof(error);
    if (getsockopt(fd_.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        return finish(Result::failed);
    }
    if (error == 0) {
        return finish(Result::success);
    }
    if (error == EINPROGRESS) {
        return Step{};
    }
    return finish(error == ETIMEDOUT ? Result::timed_out : Result::failed);
}

Step Probe::start_udp(const Target& target, const UdpRules& rules) {
    kind_ = Kind::udp;
    family_ = target.address.family();
    udp_ = &rules;
    fd_.reset(socket(domain_of(family_), SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_UDP));
    if (!fd_) {
        return finish(Result::not_run, "UDP connect fail to create socket. Rescheduling.");
    }
    // ICMP errors (port unreachable) come back on the error queue.
    const int on = 1;
    if (family_ == net::Family::ipv4) {
        (void)setsockopt(fd_.get(), SOL_IP, IP_RECVERR, &on, sizeof(on));
    } else {
        (void)setsockopt(fd_.get(), SOL_IPV6, IPV6_RECVERR, &on, sizeof(on));
    }
    // keepalived's UDP check neither binds to the device nor treats set-up errors as "not
    // run": they are failures.
    if (!prepare_socket(fd_.get(), target, BindDevice::no).empty()) {
        return finish(Result::failed);
    }
    const auto remote = udp::make_socket_address(target.address, target.port);
    if (connect(fd_.get(), remote.get(), remote.length) != 0) {
        return Step{Result::failed, {}, SocketError{"UDP connect", errno}};
    }
    static const std::vector<std::uint8_t> default_payload = filler(udp_filler_size);
    const auto& payload = rules.payload.empty() ? default_payload : rules.payload;
    const ssize_t sent = send(fd_.get(), payload.data(), payload.size(), 0);
    if (sent < 0) {
        return Step{Result::failed, {}, SocketError{"UDP send", errno}};
    }
    if (sent != static_cast<ssize_t>(payload.size())) {
        return finish(Result::failed);
    }
    return Step{};
}

Step Probe::udp_ready(std::uint32_t events) {
    if ((events & EPOLLERR) != 0) {
        // An ICMP destination unreachable fails the check; other errors do not.
        std::array<std::uint8_t, 64> data{};
        alignas(cmsghdr) std::array<char, 512> control{};
        iovec iov{data.data(), data.size()};
        msghdr message{};
        message.msg_iov = &iov;
        message.msg_iovlen = 1;
        message.msg_control = control.data();
        message.msg_controllen = control.size();
        if (recvmsg(fd_.get(), &message, MSG_ERRQUEUE) < 0) {
            return finish(Result::success);
        }
        for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
            sock_extended_err error{};
            std::memcpy(&error, CMSG_DATA(c), sizeof(error));
            if ((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR && error.ee_origin == SO_EE_ORIGIN_ICMP &&
                 error.ee_type == ICMP_DEST_UNREACH) ||
                (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR &&
                 error.ee_origin == SO_EE_ORIGIN_ICMP6 && error.ee_type == ICMP6_DST_UNREACH)) {
                return finish(Result::failed);
            }
        }
        return finish(Result::success);
    }
    std::array<std::uint8_t, 65536> buffer; // NOLINT: filled by recv
    const std::size_t limit = udp_->require_reply ? std::min<std::size_t>(udp_->max_reply_length + 1U, buffer.size())
                                                  : 1U;
    const ssize_t received = recv(fd_.get(), buffer.data(), limit, 0);
    if (received < 0) {
        if (errno == EAGAIN) {
            return Step{};
        }
        return finish(Result::failed);
    }
    if (!udp_->reply.empty() &&
        !udp_reply_matches(std::span(buffer.data(), static_cast<std::size_t>(received)), *udp_)) {
        return finish(Result::mismatch);
    }
    return finish(Result::success);
}

Step Probe::start_icmp(const Target& target, std::uint16_t sequence) {
    kind_ = Kind::icmp;
    family_ = target.address.family();
    const bool v4 = family_ == net::Family::ipv4;
    fd_.reset(socket(domain_of(family_), SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                     v4 ? int{IPPROTO_ICMP} : int{IPPROTO_ICMPV6}));
    if (!fd_) {
        return finish(Result::not_run,
                      fmt::format("ICMP{} connect fail to create socket. Rescheduling.", v4 ? "" : "v6"));
    }
    const int size = icmp_receive_buffer;
    (void)setsockopt(fd_.get(), SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
    // An echo request: type, code 0, checksum and identifier filled in by the kernel.
    std::vector<std::uint8_t> packet(8);
    packet[0] = static_cast<std::uint8_t>(v4 ? unsigned{ICMP_ECHO} : unsigned{ICMP6_ECHO_REQUEST});
    packet[6] = static_cast<std::uint8_t>(sequence & 0xffU); // keepalived writes it host-order
    packet[7] = static_cast<std::uint8_t>(sequence >> 8U);
    const auto body = filler(icmp_payload_size);
    packet.insert(packet.end(), body.begin(), body.end());
    const auto remote = udp::make_socket_address(target.address, 0);
    if (sendto(fd_.get(), packet.data(), packet.size(), 0, remote.get(), remote.length) < 0) {
        return finish(Result::failed, v4 ? std::string("send ICMP packet fail")
                                         : fmt::format("send ICMPv6 packet fail - errno {}", errno));
    }
    return Step{};
}

Step Probe::icmp_ready() {
    const bool v4 = family_ == net::Family::ipv4;
    std::array<std::uint8_t, 8 + icmp_payload_size> buffer{};
    const ssize_t received = recv(fd_.get(), buffer.data(), buffer.size(), 0);
    if (received < 0) {
        if (errno == EAGAIN) {
            return Step{};
        }
        return finish(Result::failed, v4 ? "recv ICMP packet error" : "recv ICMPv6 packet error");
    }
    if (received < 8) {
        return finish(Result::failed, fmt::format("Error, got short ICMP{} packet, {} bytes", v4 ? "" : "v6", received));
    }
    const unsigned type = buffer[0];
    const unsigned reply_type = v4 ? unsigned{ICMP_ECHOREPLY} : unsigned{ICMP6_ECHO_REPLY};
    if (type != reply_type) {
        return finish(Result::failed, fmt::format("Got ICMP{} packet with type 0x{:x}", v4 ? "" : "v6", type));
    }
    return finish(Result::success);
}

Step Probe::on_ready(std::uint32_t events) {
    if (!fd_) {
        return Step{Result::failed, {}};
    }
    switch (kind_) {
    case Kind::tcp:
        return tcp_ready();
    case Kind::udp:
        return udp_ready(events);
    case Kind::icmp:
        return icmp_ready();
    }
    return finish(Result::failed);
}

Step Probe::on_timeout() {
    // A deadline handled late (a burst of launches kept the loop busy past connect_timeout)
    // must not overrule an answer already waiting on the socket: keepalived's scheduler hands
    // every ready socket to its check before it expires the timers of that round.
    if (fd_) {
        pollfd ready{fd_.get(), static_cast<short>(kind_ == Kind::tcp ? POLLOUT : POLLIN), 0};
        if (::poll(&ready, 1, 0) == 1 && ready.revents != 0) {
            // poll(2)'s POLLIN, POLLOUT, POLLERR and POLLHUP are epoll's bits on Linux.
            const Step step = on_ready(static_cast<std::uint16_t>(ready.revents));
            if (step.result != Result::pending) {
                return step;
            }
        }
    }
    const bool udp_without_reply = kind_ == Kind::udp && udp_ != nullptr && !udp_->require_reply;
    // keepalived: a UDP check that needs no reply passes when nothing (no ICMP error) came.
    return finish(udp_without_reply ? Result::success : Result::timed_out);
}

} // namespace vigil::probe
