#include "ipvs/netlink_ipvs_table.hpp"

#include "ipvs/genl_codec.hpp"

#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <new>

namespace vigil::ipvs {
namespace {

using netlink::NlMsgPtr;
using netlink::NlSocketPtr;

// Requests written before their acknowledgements are read: 64 small acknowledgements
// (NETLINK_CAP_ACK: without the request echoed) fit the default receive buffer many times.
constexpr std::size_t window = 64;
// The kernel answers IPVS commands inside send(), and produces a dump's next part when the
// previous one is read: the answers are normally queued already. This only bounds a stall.
constexpr int answer_wait_ms = 1000;
// The kernel sizes a dump's parts to the reader's buffer, at most 32 KiB.
constexpr std::size_t buffer_size = 32768;

std::error_code errno_code(int value) noexcept {
    return {value, std::system_category()};
}

// libnl's NLE_* codes for what can fail while opening, as errno values.
std::error_code from_libnl(int nle) noexcept {
    switch (nle < 0 ? -nle : nle) {
    case NLE_NOMEM:
        return errno_code(ENOMEM);
    case NLE_PERM:
        return errno_code(EPERM);
    case NLE_OBJ_NOTFOUND:
        return errno_code(ENOPROTOOPT);
    case NLE_AF_NOSUPPORT:
        return errno_code(EAFNOSUPPORT);
    case NLE_MSGSIZE:
        return errno_code(EMSGSIZE);
    default:
        return errno_code(EIO);
    }
}

constexpr int operation_command(Operation operation) noexcept {
    switch (operation) {
    case Operation::add_service:
        return IPVS_CMD_NEW_SERVICE;
    case Operation::edit_service:
        return IPVS_CMD_SET_SERVICE;
    case Operation::remove_service:
        return IPVS_CMD_DEL_SERVICE;
    case Operation::add_destination:
        return IPVS_CMD_NEW_DEST;
    case Operation::edit_destination:
        return IPVS_CMD_SET_DEST;
    case Operation::remove_destination:
        return IPVS_CMD_DEL_DEST;
    case Operation::flush:
        return IPVS_CMD_FLUSH;
    }
    return IPVS_CMD_UNSPEC;
}

std::error_code ignore_reply(std::size_t, nlmsghdr*) noexcept {
    return {};
}

// A reply handler that parses each reply into an Entry with `parse` and appends it to `out`.
template <typename Entry, typename Parse>
auto append_to(std::vector<Entry>& out, Parse parse) noexcept {
    return [&out, parse](std::size_t, nlmsghdr* h) noexcept {
        try {
            Entry entry;
            if (auto error = parse(h, entry)) {
                return error;
            }
            out.push_back(std::move(entry));
            return std::error_code{};
        } catch (...) {
            return std::make_error_code(std::errc::not_enough_memory);
        }
    };
}

} // namespace

NetlinkIpvsTable::NetlinkIpvsTable(NlSocketPtr socket, int family) noexcept
    : socket_(std::move(socket)), family_(family), buffer_(new(std::nothrow) std::byte[buffer_size]) {}

std::unique_ptr<NetlinkIpvsTable> NetlinkIpvsTable::open(std::error_code& error) noexcept {
    NlSocketPtr socket(nl_socket_alloc());
    if (!socket) {
        error = errno_code(ENOMEM);
        return nullptr;
    }
    if (int rc = genl_connect(socket.get()); rc < 0) {
        error = from_libnl(rc);
        return nullptr;
    }
    const int family = genl_ctrl_resolve(socket.get(), IPVS_GENL_NAME);
    if (family < 0) {
        error = from_libnl(family);
        return nullptr;
    }
    const int one = 1;
    // Best effort (Linux >= 4.3): error answers without the request echoed.
    (void)::setsockopt(nl_socket_get_fd(socket.get()), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    std::unique_ptr<NetlinkIpvsTable> table(new (std::nothrow) NetlinkIpvsTable(std::move(socket), family));
    if (!table || !table->buffer_) {
        error = errno_code(ENOMEM);
        return nullptr;
    }
    error.clear();
    return table;
}

NlMsgPtr NetlinkIpvsTable::message(int command, int flags) noexcept {
    NlMsgPtr msg(nlmsg_alloc());
    if (msg && genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family_, 0, flags,
                           static_cast<std::uint8_t>(command), IPVS_GENL_VERSION) == nullptr) {
        msg.reset();
    }
    return msg;
}

std::error_code NetlinkIpvsTable::build(const Command& command, NlMsgPtr& out) noexcept {
    const int cmd = operation_command(command.operation);
    if (cmd == IPVS_CMD_UNSPEC) {
        return errno_code(EINVAL);
    }
    out = message(cmd, 0);
    if (!out) {
        return errno_code(ENOMEM);
    }
    int rc = 0;
    switch (command.operation) {
    case Operation::add_service:
    case Operation::edit_service:
        rc = genl::put_service(out.get(), command.service, genl::Detail::full);
        break;
    case Operation::remove_service:
        rc = genl::put_service(out.get(), command.service, genl::Detail::key);
        break;
    case Operation::add_destination:
    case Operation::edit_destination:
        rc = genl::put_service(out.get(), command.service, genl::Detail::key);
        rc = rc != 0 ? rc : genl::put_destination(out.get(), command.destination, genl::Detail::full);
        break;
    case Operation::remove_destination:
        rc = genl::put_service(out.get(), command.service, genl::Detail::key);
        rc = rc != 0 ? rc : genl::put_destination(out.get(), command.destination, genl::Detail::key);
        break;
    case Operation::flush:
        break;
    }
    if (rc < 0) {
        out.reset();
        return errno_code(EMSGSIZE);
    }
    return {};
}

template <typename OnReply>
void NetlinkIpvsTable::exchange(std::span<const std::byte> out, std::uint32_t base, std::size_t count,
                                std::span<std::error_code> answers, OnReply&& on_reply) noexcept {
    const int fd = nl_socket_get_fd(socket_.get());
    std::array<bool, window> answered{};
    std::array<std::error_code, window> reply_errors{};
    for (std::size_t k = 0; k < count; ++k) {
        answers[k] = std::make_error_code(std::errc::timed_out); // until answered
    }
    if (::send(fd, out.data(), out.size(), 0) < 0) {
        const std::error_code ec = errno_code(errno);
        for (std::size_t k = 0; k < count; ++k) {
            answers[k] = ec;
        }
        return;
    }
    std::size_t pending = count;
    while (pending > 0) {
        iovec iov{buffer_.get(), buffer_size};
        msghdr header{};
        header.msg_iov = &iov;
        header.msg_iovlen = 1;
        const ssize_t n = ::recvmsg(fd, &header, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, answer_wait_ms) > 0) {
                    continue;
                }
            }
            break; // ENOBUFS (answers lost) or a stall: the rest stay timed_out
        }
        if ((header.msg_flags & MSG_TRUNC) != 0) {
            for (std::size_t k = 0; k < count; ++k) {
                if (!answered[k]) {
                    answers[k] = errno_code(EMSGSIZE);
                }
            }
            break;
        }
        int left = static_cast<int>(n);
        for (auto* h = reinterpret_cast<nlmsghdr*>(buffer_.get()); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
            const std::uint32_t k = h->nlmsg_seq - base;
            if (k >= count || answered[k]) {
                continue; // not ours (a late part of an abandoned exchange)
            }
            if (h->nlmsg_type == NLMSG_ERROR || h->nlmsg_type == NLMSG_DONE) {
                // An acknowledgement (error 0), an error, or the end of a dump (its status).
                int status = 0;
                if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
                    std::memcpy(&status, NLMSG_DATA(h), sizeof status);
                }
                answers[k] = status < 0 ? errno_code(-status) : reply_errors[k];
                answered[k] = true;
                --pending;
            } else if (h->nlmsg_type == family_ && !reply_errors[k]) {
                reply_errors[k] = on_reply(k, h);
            }
        }
    }
}

template <typename OnReply>
std::error_code NetlinkIpvsTable::request(const NlMsgPtr& msg, OnReply&& on_reply) noexcept {
    if (!msg) {
        return errno_code(ENOMEM);
    }
    nlmsghdr* h = nlmsg_hdr(msg.get());
    h->nlmsg_flags |= NLM_F_REQUEST;
    if ((h->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP) {
        h->nlmsg_flags |= NLM_F_ACK; // a dump ends with NLMSG_DONE instead
    }
    const std::uint32_t base = next_sequence_;
    next_sequence_ += 1;
    h->nlmsg_seq = base;
    h->nlmsg_pid = nl_socket_get_local_port(socket_.get());
    std::error_code answer;
    exchange(std::span<const std::byte>(reinterpret_cast<const std::byte*>(h), h->nlmsg_len), base, 1,
             std::span<std::error_code>(&answer, 1), on_reply);
    return answer;
}

std::error_code NetlinkIpvsTable::execute(const Command& command) noexcept {
    NlMsgPtr msg;
    if (auto error = build(command, msg)) {
        return error;
    }
    return request(msg, ignore_reply);
}

void NetlinkIpvsTable::execute_all(std::span<const Command> commands, std::span<std::error_code> results) noexcept {
    if (commands.size() != results.size()) {
        return;
    }
    const std::uint32_t port = nl_socket_get_local_port(socket_.get());
    std::vector<std::byte> out;
    std::array<std::size_t, window> index{}; // position in `commands` of each request in flight
    std::array<std::error_code, window> answers{};
    for (std::size_t next = 0; next < commands.size();) {
        const std::uint32_t base = next_sequence_;
        std::size_t in_flight = 0;
        try {
            out.clear();
            for (; next < commands.size() && in_flight < window; ++next) {
                // Built one at a time and copied out at once: libnl gives every message a
                // page, so building thousands first would cost megabytes for a moment.
                NlMsgPtr msg;
                if ((results[next] = build(commands[next], msg))) {
                    continue;
                }
                nlmsghdr* h = nlmsg_hdr(msg.get());
                h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
                h->nlmsg_seq = base + static_cast<std::uint32_t>(in_flight);
                h->nlmsg_pid = port;
                const std::size_t at = out.size();
                out.resize(at + NLMSG_ALIGN(h->nlmsg_len));
                std::memcpy(out.data() + at, h, h->nlmsg_len);
                index[in_flight++] = next;
            }
        } catch (...) {
            // Out of memory: this window (and the command being added) fail, the rest is tried.
            for (std::size_t k = 0; k < in_flight; ++k) {
                results[index[k]] = std::make_error_code(std::errc::not_enough_memory);
            }
            if (next < commands.size()) {
                results[next++] = std::make_error_code(std::errc::not_enough_memory);
            }
            continue;
        }
        next_sequence_ = base + static_cast<std::uint32_t>(window);
        if (in_flight == 0) {
            continue;
        }
        exchange(out, base, in_flight, answers, ignore_reply);
        for (std::size_t k = 0; k < in_flight; ++k) {
            results[index[k]] = answers[k];
        }
    }
}

std::error_code NetlinkIpvsTable::list_services(std::vector<ServiceEntry>& out) noexcept {
    return request(message(IPVS_CMD_GET_SERVICE, NLM_F_DUMP), append_to(out, genl::parse_service));
}

std::error_code NetlinkIpvsTable::get_service(const ServiceKey& key, ServiceEntry& out) noexcept {
    NlMsgPtr msg = message(IPVS_CMD_GET_SERVICE, 0);
    Service wanted;
    wanted.key = key;
    if (msg && genl::put_service(msg.get(), wanted, genl::Detail::key) < 0) {
        return errno_code(EMSGSIZE);
    }
    return request(msg, [&](std::size_t, nlmsghdr* h) noexcept { return genl::parse_service(h, out); });
}

std::error_code NetlinkIpvsTable::list_destinations(const ServiceKey& key, std::vector<DestinationEntry>& out) noexcept {
    NlMsgPtr msg = message(IPVS_CMD_GET_DEST, NLM_F_DUMP);
    Service wanted;
    wanted.key = key;
    if (msg && genl::put_service(msg.get(), wanted, genl::Detail::key) < 0) {
        return errno_code(EMSGSIZE);
    }
    const Family family = key.family;
    return request(msg, append_to(out, [family](nlmsghdr* h, DestinationEntry& entry) noexcept {
                       return genl::parse_destination(h, family, entry);
                   }));
}

std::error_code NetlinkIpvsTable::get_timeouts(Timeouts& out) noexcept {
    return request(message(IPVS_CMD_GET_CONFIG, 0),
                   [&](std::size_t, nlmsghdr* h) noexcept { return genl::parse_timeouts(h, out); });
}

std::error_code NetlinkIpvsTable::set_timeouts(const Timeouts& timeouts) noexcept {
    NlMsgPtr msg = message(IPVS_CMD_SET_CONFIG, 0);
    if (msg && genl::put_timeouts(msg.get(), timeouts) < 0) {
        return errno_code(EMSGSIZE);
    }
    return request(msg, ignore_reply);
}

std::error_code NetlinkIpvsTable::start_sync_daemon(const SyncDaemon& daemon) noexcept {
    NlMsgPtr msg = message(IPVS_CMD_NEW_DAEMON, 0);
    if (msg && genl::put_daemon(msg.get(), daemon) < 0) {
        return errno_code(EMSGSIZE);
    }
    return request(msg, ignore_reply);
}

std::error_code NetlinkIpvsTable::stop_sync_daemon(SyncRole role) noexcept {
    NlMsgPtr msg = message(IPVS_CMD_DEL_DAEMON, 0);
    if (msg && genl::put_daemon_role(msg.get(), role) < 0) {
        return errno_code(EMSGSIZE);
    }
    return request(msg, ignore_reply);
}

std::error_code NetlinkIpvsTable::list_sync_daemons(std::vector<SyncDaemon>& out) noexcept {
    return request(message(IPVS_CMD_GET_DAEMON, NLM_F_DUMP), append_to(out, genl::parse_daemon));
}

std::error_code NetlinkIpvsTable::get_info(Info& out) noexcept {
    return request(message(IPVS_CMD_GET_INFO, 0),
                   [&](std::size_t, nlmsghdr* h) noexcept { return genl::parse_info(h, out); });
}

} // namespace vigil::ipvs
