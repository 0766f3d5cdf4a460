#pragma once
// Sole ownership of libnl objects: std::unique_ptr with libnl's own release functions.
// Internal to src/netlink (the public headers expose no libnl type).

#include <memory>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <netlink/socket.h>

namespace vigil::netlink {

template <auto Release>
struct NlDeleter {
    template <typename T>
    void operator()(T* object) const noexcept {
        Release(object);
    }
};

using NlSocketPtr = std::unique_ptr<nl_sock, NlDeleter<nl_socket_free>>;
using NlCachePtr = std::unique_ptr<nl_cache, NlDeleter<nl_cache_free>>;
using NlAddrPtr = std::unique_ptr<nl_addr, NlDeleter<nl_addr_put>>;
using NlMsgPtr = std::unique_ptr<nl_msg, NlDeleter<nlmsg_free>>;
using NlCbPtr = std::unique_ptr<nl_cb, NlDeleter<nl_cb_put>>;
using RtnlAddrPtr = std::unique_ptr<rtnl_addr, NlDeleter<rtnl_addr_put>>;
using RtnlLinkPtr = std::unique_ptr<rtnl_link, NlDeleter<rtnl_link_put>>;
using RtnlRoutePtr = std::unique_ptr<rtnl_route, NlDeleter<rtnl_route_put>>;
using RtnlRulePtr = std::unique_ptr<rtnl_rule, NlDeleter<rtnl_rule_put>>;
// Owned until handed to rtnl_route_add_nexthop(), which takes it over.
using RtnlNexthopPtr = std::unique_ptr<rtnl_nexthop, NlDeleter<rtnl_route_nh_free>>;

} // namespace vigil::netlink
