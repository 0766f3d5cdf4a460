#pragma once
// AddressTable over a NETLINK_ROUTE command socket (libnl-route-3). Messages are built with
// libnl's rtnl_*_build_*_request and acknowledged one at a time; the kernel's errno is kept
// from the NLMSG_ERROR reply.

#include "netlink/address_table.hpp"
#include "netlink/nl_ptr.hpp"

#include <memory>

namespace vigil::netlink {

class NetlinkAddressTable final : public AddressTable {
public:
    // Opens and connects the command socket. Throws std::system_error (start-up only).
    NetlinkAddressTable();

    std::error_code add_address(const AddressSpec& address) noexcept override;
    std::error_code remove_address(const AddressSpec& address) noexcept override;
    std::error_code add_route(const RouteSpec& route) noexcept override;
    std::error_code remove_route(const RouteSpec& route) noexcept override;
    std::error_code add_rule(const RuleSpec& rule) noexcept override;
    std::error_code remove_rule(const RuleSpec& rule) noexcept override;
    std::error_code dump_interfaces(std::vector<NetlinkEvent>& out) noexcept override;

private:
    // Builds a request from `object` with libnl's `build`, sends it, waits for the ack.
    template <typename Object, typename Deleter>
    std::error_code request(const std::unique_ptr<Object, Deleter>& object,
                            int (*build)(Object*, int, nl_msg**), int flags) noexcept;
    // Sends `msg` (taking ownership) and waits for its acknowledgement.
    std::error_code execute(nl_msg* msg) noexcept;

    NlSocketPtr socket_;
};

} // namespace vigil::netlink
