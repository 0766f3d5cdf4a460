#pragma once
// AddressTable over a NETLINK_ROUTE command socket (libnl-route-3). Messages are built with
// libnl's rtnl_*_build_*_request, written to the socket back to back (up to a window that the
// acknowledgements fit in the receive buffer) and matched to their NLMSG_ERROR replies by
// sequence number; the kernel's errno is kept from each reply.

#include "netlink/address_table.hpp"
#include "netlink/nl_ptr.hpp"

#include <cstdint>
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
    void apply(std::span<const TableChange> changes, std::span<std::error_code> results) noexcept override;
    std::error_code dump_interfaces(std::vector<NetlinkEvent>& out) noexcept override;

private:
    std::error_code single(TableChange change) noexcept;
    // Builds, writes and has acknowledged `changes` window by window, storing the kernel's
    // answer to each (or the reason it could not be built) in results[i].
    void exchange(std::span<const TableChange> changes, std::span<std::error_code> results) noexcept;

    NlSocketPtr socket_;
    std::uint32_t next_sequence_ = 0x56490000; // our own range: libnl's dumps keep theirs
};

} // namespace vigil::netlink
