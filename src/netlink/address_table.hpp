#pragma once
// The kernel's addresses, routes and rules as the daemon changes them: a small interface so
// that the daemon can be tested with a fake. The real one is NetlinkAddressTable.
//
// Contract: every call is synchronous (it returns after the kernel's acknowledgement), never
// throws, and reports the kernel's errno (e.g. EEXIST adding an address that is present,
// EADDRNOTAVAIL removing one that is not) as a std::error_code in the system category.
// apply() is the batched form: a state change of many instances costs one pipelined exchange
// instead of one round trip per address (200 instances taking over together, issue 4).

#include "netlink/address_spec.hpp"
#include "netlink/events.hpp"
#include "netlink/route_spec.hpp"
#include "netlink/rule_spec.hpp"

#include <cstdint>
#include <span>
#include <variant>

#include <system_error>
#include <vector>

namespace vigil::netlink {

// One change for AddressTable::apply().
enum class ChangeKind : std::uint8_t { add, remove };
struct TableChange {
    ChangeKind kind = ChangeKind::add;
    std::variant<AddressSpec, RouteSpec, RuleSpec> object;
};

class AddressTable {
public:
    virtual ~AddressTable() = default;

    // Carries out `changes` in order, as if by the single calls one after the other, and
    // stores each change's result at the same index of `results` (results.size() must equal
    // changes.size()). The requests are pipelined: many are written before their
    // acknowledgements are read, so a batch costs the kernel's work plus a few round trips.
    virtual void apply(std::span<const TableChange> changes,
                       std::span<std::error_code> results) noexcept = 0;

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
