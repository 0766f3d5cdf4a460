#include "netlink/netlink_address_table.hpp"

#include "netlink/rtnl_convert.hpp"

#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cstring>

namespace vigil::netlink {
namespace {

// Requests written before their acknowledgements are read. Each acknowledgement is a
// separate datagram of about 1 KiB truesize in the socket's receive buffer (default about
// 208 KiB): 64 stay well inside it, so none is dropped (which would leave a result unknown).
constexpr std::size_t window = 64;

// How long to wait for acknowledgements that are not queued yet. The kernel processes
// rtnetlink requests synchronously in send(), so they normally are; this only bounds a stall.
constexpr int ack_wait_ms = 1000;

// Adds fail with EEXIST rather than replace (`ip addr add`, `ip route add`, `ip rule add`).
constexpr int add_flags = NLM_F_CREATE | NLM_F_EXCL;

template <typename Object, typename Deleter>
std::error_code build(const std::unique_ptr<Object, Deleter>& object, int (*builder)(Object*, int, nl_msg**),
                      int flags, NlMsgPtr& out) noexcept {
    if (!object) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
    nl_msg* msg = nullptr;
    if (int rc = builder(object.get(), flags, &msg); rc < 0) {
        return libnl_error(rc);
    }
    out.reset(msg);
    return {};
}

std::error_code build_request(const TableChange& change, NlMsgPtr& out) noexcept {
    const bool add = change.kind == ChangeKind::add;
    if (const auto* a = std::get_if<AddressSpec>(&change.object)) {
        return add ? build(make_rtnl_addr(*a), &rtnl_addr_build_add_request, add_flags, out)
                   : build(make_rtnl_addr(*a), &rtnl_addr_build_delete_request, 0, out);
    }
    if (const auto* r = std::get_if<RouteSpec>(&change.object)) {
        return add ? build(make_rtnl_route(*r), &rtnl_route_build_add_request, add_flags, out)
                   : build(make_rtnl_route(*r), &rtnl_route_build_del_request, 0, out);
    }
    const auto& rule = std::get<RuleSpec>(change.object);
    return add ? build(make_rtnl_rule(rule), &rtnl_rule_build_add_request, add_flags, out)
               : build(make_rtnl_rule(rule), &rtnl_rule_build_delete_request, 0, out);
}

} // namespace

NetlinkAddressTable::NetlinkAddressTable() : socket_(nl_socket_alloc()) {
    if (!socket_) {
        throw std::system_error(std::make_error_code(std::errc::not_enough_memory),
                                "nl_socket_alloc");
    }
    if (int rc = nl_connect(socket_.get(), NETLINK_ROUTE); rc < 0) {
        throw std::system_error(libnl_error(rc), "netlink command socket");
    }
}

void NetlinkAddressTable::exchange(std::span<const TableChange> changes, std::span<std::error_code> results) noexcept {
    const int fd = nl_socket_get_fd(socket_.get());
    const std::uint32_t port = nl_socket_get_local_port(socket_.get());
    std::vector<std::byte> out;
    std::array<std::size_t, window> index{}; // position in `changes` of each message in flight
    std::array<char, 16384> in{};
    for (std::size_t next = 0; next < changes.size();) {
        // Write up to `window` requests in one datagram: the kernel handles them in order and
        // answers each with its own NLMSG_ERROR (error 0 = acknowledgement).
        const std::uint32_t base = next_sequence_;
        std::size_t in_flight = 0;
        try {
            out.clear();
            for (; next < changes.size() && in_flight < window; ++next) {
                // Built one at a time and copied out at once: libnl gives every message a
                // page, so building 1000 first would cost 4 MB for a moment.
                NlMsgPtr request;
                if ((results[next] = build_request(changes[next], request))) {
                    continue;
                }
                nlmsghdr* header = nlmsg_hdr(request.get());
                header->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
                header->nlmsg_seq = base + static_cast<std::uint32_t>(in_flight);
                header->nlmsg_pid = port;
                const std::size_t at = out.size();
                out.resize(at + NLMSG_ALIGN(header->nlmsg_len));
                std::memcpy(out.data() + at, header, header->nlmsg_len);
                index[in_flight++] = next;
            }
        } catch (...) {
            // Out of memory: this window (and the change being added) fail, the rest is tried.
            for (std::size_t k = 0; k < in_flight; ++k) {
                results[index[k]] = std::make_error_code(std::errc::not_enough_memory);
            }
            if (next < changes.size()) {
                results[next++] = std::make_error_code(std::errc::not_enough_memory);
            }
            continue;
        }
        next_sequence_ = base + static_cast<std::uint32_t>(window);
        if (in_flight == 0) {
            break;
        }
        std::array<bool, window> answered{};
        std::size_t pending = in_flight;
        for (std::size_t k = 0; k < in_flight; ++k) {
            results[index[k]] = std::make_error_code(std::errc::timed_out); // until answered
        }
        if (::send(fd, out.data(), out.size(), 0) < 0) {
            const std::error_code ec(errno, std::system_category());
            for (std::size_t k = 0; k < in_flight; ++k) {
                results[index[k]] = ec;
            }
            continue;
        }
        while (pending > 0) {
            const ssize_t n = ::recv(fd, in.data(), in.size(), MSG_DONTWAIT);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                if (errno == EAGAIN || errno == EWOULDBLOCK) {
                    pollfd p{fd, POLLIN, 0};
                    if (::poll(&p, 1, ack_wait_ms) > 0) {
                        continue;
                    }
                }
                break; // ENOBUFS (acknowledgements lost) or a stall: the rest stay timed_out
            }
            int left = static_cast<int>(n);
            for (auto* h = reinterpret_cast<nlmsghdr*>(in.data()); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
                const std::uint32_t k = h->nlmsg_seq - base;
                if (h->nlmsg_type != NLMSG_ERROR || k >= in_flight || answered[k] ||
                    h->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) {
                    continue; // not ours (a late answer to an abandoned window)
                }
                const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
                results[index[k]] = err->error == 0 ? std::error_code{}
                                                    : std::error_code(-err->error, std::system_category());
                answered[k] = true;
                --pending;
            }
        }
    }
}

void NetlinkAddressTable::apply(std::span<const TableChange> changes, std::span<std::error_code> results) noexcept {
    if (results.size() != changes.size()) {
        return;
    }
    exchange(changes, results);
}

std::error_code NetlinkAddressTable::single(TableChange change) noexcept {
    std::error_code result;
    apply(std::span<const TableChange>(&change, 1), std::span<std::error_code>(&result, 1));
    return result;
}

std::error_code NetlinkAddressTable::add_address(const AddressSpec& address) noexcept {
    return single({ChangeKind::add, address});
}

std::error_code NetlinkAddressTable::remove_address(const AddressSpec& address) noexcept {
    return single({ChangeKind::remove, address});
}

std::error_code NetlinkAddressTable::add_route(const RouteSpec& route) noexcept {
    return single({ChangeKind::add, route});
}

std::error_code NetlinkAddressTable::remove_route(const RouteSpec& route) noexcept {
    return single({ChangeKind::remove, route});
}

std::error_code NetlinkAddressTable::add_rule(const RuleSpec& rule) noexcept {
    return single({ChangeKind::add, rule});
}

std::error_code NetlinkAddressTable::remove_rule(const RuleSpec& rule) noexcept {
    return single({ChangeKind::remove, rule});
}

std::error_code NetlinkAddressTable::dump_interfaces(std::vector<NetlinkEvent>& out) noexcept {
    try {
        nl_cache* raw = nullptr;
        if (int rc = rtnl_link_alloc_cache(socket_.get(), AF_UNSPEC, &raw); rc < 0) {
            return libnl_error(rc);
        }
        NlCachePtr links(raw);
        for (nl_object* o = nl_cache_get_first(links.get()); o != nullptr;
             o = nl_cache_get_next(o)) {
            if (auto event = link_event(reinterpret_cast<rtnl_link*>(o), Change::added)) {
                out.emplace_back(std::move(*event));
            }
        }
        raw = nullptr;
        if (int rc = rtnl_addr_alloc_cache(socket_.get(), &raw); rc < 0) {
            return libnl_error(rc);
        }
        NlCachePtr addresses(raw);
        for (nl_object* o = nl_cache_get_first(addresses.get()); o != nullptr;
             o = nl_cache_get_next(o)) {
            if (auto event = address_event(reinterpret_cast<rtnl_addr*>(o), Change::added)) {
                out.emplace_back(std::move(*event));
            }
        }
        return {};
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

} // namespace vigil::netlink
