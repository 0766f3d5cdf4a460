#include "netlink/netlink_address_table.hpp"

#include "netlink/rtnl_convert.hpp"

#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>

namespace vigil::netlink {
namespace {

struct AckState {
    int error = 0; // the kernel's errno from NLMSG_ERROR
    bool done = false;
};

int on_error(sockaddr_nl* /*peer*/, nlmsgerr* err, void* arg) {
    auto* state = static_cast<AckState*>(arg);
    state->error = -err->error;
    state->done = true;
    return NL_STOP;
}

int on_ack(nl_msg* /*msg*/, void* arg) {
    static_cast<AckState*>(arg)->done = true;
    return NL_STOP;
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

std::error_code NetlinkAddressTable::execute(nl_msg* msg) noexcept {
    NlMsgPtr owned(msg);
    if (!owned) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
    NlCbPtr cb(nl_cb_alloc(NL_CB_DEFAULT));
    if (!cb) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
    AckState state;
    nl_cb_err(cb.get(), NL_CB_CUSTOM, &on_error, &state);
    nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, &on_ack, &state);
    if (int rc = nl_send_auto(socket_.get(), owned.get()); rc < 0) {
        return libnl_error(rc);
    }
    while (!state.done) {
        if (int rc = nl_recvmsgs(socket_.get(), cb.get()); rc < 0 && !state.done) {
            return libnl_error(rc);
        }
    }
    return state.error != 0 ? std::error_code(state.error, std::system_category())
                            : std::error_code{};
}

template <typename Object, typename Deleter>
std::error_code NetlinkAddressTable::request(const std::unique_ptr<Object, Deleter>& object,
                                             int (*build)(Object*, int, nl_msg**),
                                             int flags) noexcept {
    if (!object) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
    nl_msg* msg = nullptr;
    if (int rc = build(object.get(), flags, &msg); rc < 0) {
        return libnl_error(rc);
    }
    return execute(msg);
}

// Adds fail with EEXIST rather than replace (`ip addr add`, `ip route add`, `ip rule add`).
constexpr int add_flags = NLM_F_CREATE | NLM_F_EXCL;

std::error_code NetlinkAddressTable::add_address(const AddressSpec& address) noexcept {
    return request(make_rtnl_addr(address), &rtnl_addr_build_add_request, add_flags);
}

std::error_code NetlinkAddressTable::remove_address(const AddressSpec& address) noexcept {
    return request(make_rtnl_addr(address), &rtnl_addr_build_delete_request, 0);
}

std::error_code NetlinkAddressTable::add_route(const RouteSpec& route) noexcept {
    return request(make_rtnl_route(route), &rtnl_route_build_add_request, add_flags);
}

std::error_code NetlinkAddressTable::remove_route(const RouteSpec& route) noexcept {
    return request(make_rtnl_route(route), &rtnl_route_build_del_request, 0);
}

std::error_code NetlinkAddressTable::add_rule(const RuleSpec& rule) noexcept {
    return request(make_rtnl_rule(rule), &rtnl_rule_build_add_request, add_flags);
}

std::error_code NetlinkAddressTable::remove_rule(const RuleSpec& rule) noexcept {
    return request(make_rtnl_rule(rule), &rtnl_rule_build_delete_request, 0);
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
