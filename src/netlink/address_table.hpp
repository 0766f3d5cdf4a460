#pragma once
// The kernel's addresses, routes and rules as the daemon changes them: a small interface so
// that the daemon can be tested with a fake. The real one is NetlinkAddressTable.
//
// Contract: every call is synchronous (it returns after the kernel's acknowledgement), never
// throws, and reports the kernel's errno (e.g. EEXIST adding an address that is present,
// EADDRNOTAVAIL removing one that is not) as a std::error_code in the system category.

#include "netlink/address_spec.hpp"
#include "netlink/events.hpp"
#include "netlink/route_spec.hpp"
#include "netlink/rule_spec.hpp"

#include <system_error>
#include <vector>

namespace vigil::netlink {

class AddressTable {
public:
    virtual ~AddressTable() = default;

    virtual std::error_code add_address(const AddressSpec& address) noexcept = 0;
    virtual std::error_code remove_address(const AddressSpec& address) noexcept = 0;
    virtual std::error_code add_route(const RouteSpec& route) noexcept = 0;
    virtual std::error_code remove_route(const RouteSpec& route) noexcept = 0;
    virtual std::error_code add_rule(const RuleSpec& rule) noexcept = 0;
    virtual std::error_code remove_rule(const RuleSpec& rule) noexcept = 0;

    // Appends one LinkEvent per link, then one AddressEvent per address (all Change::added):
    // the start-up snapshot (RTM_GETLINK + RTM_GETADDR dumps) for an InterfaceCatalog.
    virtual std::error_code dump_interfaces(std::vector<NetlinkEvent>& out) noexcept = 0;

protected:
    AddressTable() = default;
    AddressTable(const AddressTable&) = default;
    AddressTable& operator=(const AddressTable&) = default;
};

} // namespace vigil::netlink
