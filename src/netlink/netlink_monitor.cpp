#include "netlink/netlink_monitor.hpp"

#include "netlink/rtnl_convert.hpp"

#include <cstring>
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/object.h>

namespace vigil::netlink {
namespace {

// Large enough for a burst of a few thousand address events (hundreds of VIPs at once).
constexpr int receive_buffer_bytes = 4 * 1024 * 1024;
// Reads per read_events() call, so that a netlink storm cannot starve the other fds.
constexpr int max_reads_per_call = 64;

struct ParseContext {
    const EventSink* sink = nullptr;
    Change change = Change::added;
};

template <typename Event>
void deliver(const ParseContext& context, std::optional<Event> event) {
    if (event) {
        try {
            (*context.sink)(NetlinkEvent{std::move(*event)});
        } catch (...) {
            // A sink must not throw; if it does, the event is lost, not the daemon.
        }
    }
}

void on_object(nl_object* object, void* arg) {
    const auto& context = *static_cast<ParseContext*>(arg);
    const char* type = nl_object_get_type(object);
    if (type == nullptr) {
        return;
    }
    if (std::strcmp(type, "route/link") == 0) {
        deliver(context, link_event(reinterpret_cast<rtnl_link*>(object), context.change));
    } else if (std::strcmp(type, "route/addr") == 0) {
        deliver(context, address_event(reinterpret_cast<rtnl_addr*>(object), context.change));
    } else if (std::strcmp(type, "route/route") == 0) {
        deliver(context, route_event(reinterpret_cast<rtnl_route*>(object), context.change));
    } else if (std::strcmp(type, "route/rule") == 0) {
        deliver(context, rule_event(reinterpret_cast<rtnl_rule*>(object), context.change));
    }
}

int on_message(nl_msg* msg, void* arg) {
    auto& context = *static_cast<ParseContext*>(arg);
    switch (nlmsg_hdr(msg)->nlmsg_type) {
    case RTM_DELLINK:
    case RTM_DELADDR:
    case RTM_DELROUTE:
    case RTM_DELRULE:
        context.change = Change::removed;
        break;
    default:
        context.change = Change::added;
        break;
    }
    nl_msg_parse(msg, &on_object, &context);
    return NL_OK;
}

// Notifications carry no sequence numbers of ours.
int accept_any_sequence(nl_msg* /*msg*/, void* /*arg*/) {
    return NL_OK;
}

} // namespace

NetlinkMonitor::NetlinkMonitor(MonitorOptions options)
    : socket_(nl_socket_alloc()), callbacks_(nl_cb_alloc(NL_CB_DEFAULT)) {
    if (!socket_ || !callbacks_) {
        throw std::system_error(std::make_error_code(std::errc::not_enough_memory),
                                "netlink monitor");
    }
    nl_cb_set(callbacks_.get(), NL_CB_SEQ_CHECK, NL_CB_CUSTOM, &accept_any_sequence, nullptr);
    nl_socket_enable_msg_peek(socket_.get());
    if (int rc = nl_connect(socket_.get(), NETLINK_ROUTE); rc < 0) {
        throw std::system_error(libnl_error(rc), "netlink monitor socket");
    }
    int rc = nl_socket_add_memberships(socket_.get(), RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
                                       RTNLGRP_IPV6_IFADDR, 0);
    if (rc == 0 && options.routes == RouteEvents::on) {
        rc = nl_socket_add_memberships(socket_.get(), RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, 0);
    }
    if (rc == 0 && options.rules == RuleEvents::on) {
        rc = nl_socket_add_memberships(socket_.get(), RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, 0);
    }
    if (rc == 0) {
        rc = nl_socket_set_nonblocking(socket_.get());
    }
    if (rc < 0) {
        throw std::system_error(libnl_error(rc), "netlink monitor subscribe");
    }
    // Best effort: a smaller buffer only makes overruns likelier.
    nl_socket_set_buffer_size(socket_.get(), receive_buffer_bytes, 0);
}

int NetlinkMonitor::fd() const noexcept {
    return nl_socket_get_fd(socket_.get());
}

std::error_code NetlinkMonitor::read_events(const EventSink& sink) noexcept {
    ParseContext context;
    context.sink = &sink;
    nl_cb_set(callbacks_.get(), NL_CB_VALID, NL_CB_CUSTOM, &on_message, &context);
    for (int i = 0; i < max_reads_per_call; ++i) {
        const int rc = nl_recvmsgs(socket_.get(), callbacks_.get());
        if (rc == -NLE_AGAIN) {
            return {};
        }
        if (rc == -NLE_NOMEM) { // ENOBUFS: the kernel dropped notifications
            try {
                sink(NetlinkEvent{MonitorOverrun{}});
            } catch (...) {
            }
            continue;
        }
        if (rc < 0) {
            return libnl_error(rc);
        }
    }
    return {};
}

} // namespace vigil::netlink
