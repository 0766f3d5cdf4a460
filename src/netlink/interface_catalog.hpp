#pragma once
// The daemon's view of the interfaces: name <-> index, flags, MAC and addresses, kept up to
// date by applying the NetlinkEvents of the start-up dump and of the monitor. Pure data, no
// socket: tests feed it events directly.

#include "netlink/events.hpp"

#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace vigil::netlink {

struct Interface {
    int index = 0;
    std::string name;
    std::uint32_t flags = 0;
    std::array<std::uint8_t, 6> mac{};
    std::uint32_t arp_type = 0;
    int master = 0;
    std::vector<AddressEvent> addresses; // in the kernel's order

    bool up() const noexcept; // IFF_UP and IFF_RUNNING
    bool loopback() const noexcept;
    bool multicast() const noexcept;
    // The first IPv4 address without IFA_F_SECONDARY (keepalived's default source address).
    std::optional<IpAddress> primary_ipv4() const noexcept;
    // The first fe80::/10 address (the IPv6 advert source).
    std::optional<IpAddress> link_local_ipv6() const noexcept;
    bool has_address(const IpAddress& address) const noexcept;
};

// What one applied event changed, for the daemon to act on.
enum class CatalogChange {
    none,         // nothing the daemon cares about (e.g. a repeated RTM_NEWLINK)
    appeared,     // a new interface
    removed,      // RTM_DELLINK
    went_up,      // IFF_UP|IFF_RUNNING now both set
    went_down,    // no longer both set
    link_changed, // other link attributes (name, MAC, flags) changed
    address_added,
    address_removed,
};

class InterfaceCatalog {
public:
    // Updates the catalog. Route, rule and overrun events change nothing (CatalogChange::none).
    CatalogChange apply(const NetlinkEvent& event) noexcept;

    const Interface* find(int index) const noexcept;
    const Interface* find(std::string_view name) const noexcept;
    // Every interface, by index.
    const std::map<int, Interface>& interfaces() const noexcept { return interfaces_; }
    void clear() noexcept { interfaces_.clear(); }

private:
    CatalogChange apply_link(const LinkEvent& event);
    CatalogChange apply_address(const AddressEvent& event);

    std::map<int, Interface> interfaces_;
};

} // namespace vigil::netlink
