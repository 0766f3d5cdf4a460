#include "track/proc_event_socket.hpp"

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace vigil::track {
namespace {

// The subscription message: a netlink header, a connector header and the operation.
constexpr std::size_t subscription_size = NLMSG_LENGTH(sizeof(cn_msg) + sizeof(proc_cn_mcast_op));

} // namespace

std::optional<ProcEventSocket> ProcEventSocket::open() noexcept {
    UniqueFd fd(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR));
    if (!fd) {
        return std::nullopt; // EPROTONOSUPPORT outside the initial network namespace
    }
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    local.nl_groups = CN_IDX_PROC;
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), sizeof(local)) != 0) {
        return std::nullopt;
    }
    alignas(nlmsghdr) std::array<char, subscription_size> message{};
    nlmsghdr header{};
    header.nlmsg_len = subscription_size;
    header.nlmsg_type = NLMSG_DONE;
    header.nlmsg_pid = static_cast<std::uint32_t>(::getpid());
    cn_msg connector{};
    connector.id.idx = CN_IDX_PROC;
    connector.id.val = CN_VAL_PROC;
    connector.len = sizeof(proc_cn_mcast_op);
    const proc_cn_mcast_op op = PROC_CN_MCAST_LISTEN;
    std::memcpy(message.data(), &header, sizeof(header));
    std::memcpy(message.data() + NLMSG_HDRLEN, &connector, sizeof(connector));
    std::memcpy(message.data() + NLMSG_HDRLEN + sizeof(connector), &op, sizeof(op));
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd.get(), message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&kernel),
                 sizeof(kernel)) < 0) {
        return std::nullopt; // EPERM without CAP_NET_ADMIN
    }
    return ProcEventSocket(std::move(fd));
}

ProcEventSocket::Batch ProcEventSocket::receive() noexcept {
    Batch out;
    alignas(nlmsghdr) std::array<char, 8192> buffer{};
    sockaddr_nl from{};
    socklen_t from_len = sizeof(from);
    const ssize_t n = ::recvfrom(fd_.get(), buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) {
        if (errno == ENOBUFS) {
            out.overrun = true;
        } else if (errno != EINTR) {
            out.empty = true; // EAGAIN: drained
        }
        return out;
    }
    if (from.nl_pid != 0) {
        return out; // not from the kernel
    }
    int left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer.data()); NLMSG_OK(h, left) && out.count < out.events.size();
         h = NLMSG_NEXT(h, left)) {
        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(cn_msg) + sizeof(proc_event))) {
            continue;
        }
        const auto* cn = static_cast<const cn_msg*>(NLMSG_DATA(h));
        if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC) {
            continue;
        }
        proc_event ev{};
        std::memcpy(&ev, cn->data, sizeof(ev));
        switch (ev.what) {
        case proc_event::PROC_EVENT_EXEC:
            if (ev.event_data.exec.process_pid == ev.event_data.exec.process_tgid) {
                out.events[out.count++] = {ProcEvent::exec, ev.event_data.exec.process_tgid};
            }
            break;
        case proc_event::PROC_EVENT_COMM:
            // A thread's name is not the process's comm in /proc/PID/comm.
            if (ev.event_data.comm.process_pid == ev.event_data.comm.process_tgid) {
                out.events[out.count++] = {ProcEvent::comm, ev.event_data.comm.process_tgid};
            }
            break;
        case proc_event::PROC_EVENT_FORK:
            if (ev.event_data.fork.child_pid == ev.event_data.fork.child_tgid) {
                out.events[out.count++] = {ProcEvent::fork, ev.event_data.fork.child_tgid};
            }
            break;
        case proc_event::PROC_EVENT_EXIT:
            if (ev.event_data.exit.process_pid == ev.event_data.exit.process_tgid) {
                out.events[out.count++] = {ProcEvent::exit, ev.event_data.exit.process_tgid};
            }
            break;
        default:
            break;
        }
    }
    return out;
}

} // namespace vigil::track
