#pragma once
// Monitor over a non-blocking NETLINK_ROUTE socket (libnl) joined to RTNLGRP_LINK,
// RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR, plus the route and rule groups when asked
// (keepalived joins those only when routes or rules are configured, reference §8).

#include "netlink/monitor.hpp"
#include "netlink/nl_ptr.hpp"

namespace vigil::netlink {

enum class RouteEvents { off, on };
enum class RuleEvents { off, on };

struct MonitorOptions {
    RouteEvents routes = RouteEvents::off;
    RuleEvents rules = RuleEvents::off;
};

class NetlinkMonitor final : public Monitor {
public:
    // Opens and subscribes the socket. Throws std::system_error (start-up only).
    explicit NetlinkMonitor(MonitorOptions options = {});

    int fd() const noexcept override;
    std::error_code read_events(const EventSink& sink) noexcept override;

private:
    NlSocketPtr socket_;
    NlCbPtr callbacks_;
};

} // namespace vigil::netlink
