#pragma once
// Internal to src/netlink: conversions between the plain specs/events and libnl objects,
// and libnl's error codes as std::error_code. Nothing here throws; allocation failures
// give a null pointer or std::nullopt.

#include "netlink/events.hpp"
#include "netlink/nl_ptr.hpp"

#include <optional>
#include <system_error>

namespace vigil::netlink {

// libnl's NLE_* codes (positive), with nl_geterror() messages.
const std::error_category& libnl_category() noexcept;
std::error_code libnl_error(int nle) noexcept;

int to_af(Family family) noexcept;
NlAddrPtr to_nl_addr(const IpAddress& address, unsigned prefix) noexcept;
// The address of an AF_INET/AF_INET6 nl_addr of the right length; nullopt otherwise.
std::optional<IpAddress> from_nl_addr(nl_addr* address) noexcept;

RtnlAddrPtr make_rtnl_addr(const AddressSpec& spec) noexcept;
RtnlRoutePtr make_rtnl_route(const RouteSpec& spec) noexcept;
RtnlRulePtr make_rtnl_rule(const RuleSpec& spec) noexcept;

std::optional<LinkEvent> link_event(rtnl_link* link, Change change) noexcept;
std::optional<AddressEvent> address_event(rtnl_addr* address, Change change) noexcept;
std::optional<RouteEvent> route_event(rtnl_route* route, Change change) noexcept;
std::optional<RuleEvent> rule_event(rtnl_rule* rule, Change change) noexcept;

} // namespace vigil::netlink
