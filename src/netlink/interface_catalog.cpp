#include "netlink/interface_catalog.hpp"

#include <algorithm>
#include <net/if.h>

namespace vigil::netlink {

bool Interface::up() const noexcept {
    return (flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}
bool Interface::loopback() const noexcept {
    return (flags & IFF_LOOPBACK) != 0;
}
bool Interface::multicast() const noexcept {
    return (flags & IFF_MULTICAST) != 0;
}

std::optional<IpAddress> Interface::primary_ipv4() const noexcept {
    for (const auto& a : addresses) {
        if (a.address.is_v4() && (a.flags & ifa_flag_secondary) == 0) {
            return a.address;
        }
    }
    return std::nullopt;
}

std::optional<IpAddress> Interface::link_local_ipv6() const noexcept {
    for (const auto& a : addresses) {
        if (a.address.is_v6() && a.address.is_link_local()) {
            return a.address;
        }
    }
    return std::nullopt;
}

bool Interface::has_address(const IpAddress& address) const noexcept {
    return std::any_of(addresses.begin(), addresses.end(),
                       [&](const AddressEvent& a) { return a.address == address; });
}

CatalogChange InterfaceCatalog::apply(const NetlinkEvent& event) noexcept {
    try {
        if (const auto* link = std::get_if<LinkEvent>(&event)) {
            return apply_link(*link);
        }
        if (const auto* address = std::get_if<AddressEvent>(&event)) {
            return apply_address(*address);
        }
    } catch (...) {
        // Allocation failure: the catalog misses this change; the next dump repairs it.
    }
    return CatalogChange::none;
}

CatalogChange InterfaceCatalog::apply_link(const LinkEvent& event) {
    switch (event.change) {
    case Change::removed:
        return interfaces_.erase(event.index) > 0 ? CatalogChange::removed : CatalogChange::none;
    case Change::added:
        break;
    }
    auto [it, inserted] = interfaces_.try_emplace(event.index);
    Interface& i = it->second;
    const bool was_up = i.up();
    const bool same = i.name == event.name && i.flags == event.flags && i.mac == event.mac &&
                      i.master == event.master;
    i.index = event.index;
    i.name = event.name;
    i.flags = event.flags;
    i.mac = event.mac;
    i.arp_type = event.arp_type;
    i.master = event.master;
    if (inserted) {
        return CatalogChange::appeared;
    }
    if (was_up != i.up()) {
        return i.up() ? CatalogChange::went_up : CatalogChange::went_down;
    }
    return same ? CatalogChange::none : CatalogChange::link_changed;
}

CatalogChange InterfaceCatalog::apply_address(const AddressEvent& event) {
    auto it = interfaces_.find(event.ifindex);
    if (it == interfaces_.end()) {
        return CatalogChange::none;
    }
    auto& list = it->second.addresses;
    auto same = [&](const AddressEvent& a) {
        return a.address == event.address && a.prefix == event.prefix;
    };
    auto found = std::find_if(list.begin(), list.end(), same);
    switch (event.change) {
    case Change::added:
        if (found != list.end()) {
            *found = event;
            found->change = Change::added;
            return CatalogChange::none;
        }
        list.push_back(event);
        return CatalogChange::address_added;
    case Change::removed:
        if (found == list.end()) {
            return CatalogChange::none;
        }
        list.erase(found);
        return CatalogChange::address_removed;
    }
    return CatalogChange::none;
}

const Interface* InterfaceCatalog::find(int index) const noexcept {
    auto it = interfaces_.find(index);
    return it == interfaces_.end() ? nullptr : &it->second;
}

const Interface* InterfaceCatalog::find(std::string_view name) const noexcept {
    for (const auto& [index, i] : interfaces_) {
        if (i.name == name) {
            return &i;
        }
    }
    return nullptr;
}

} // namespace vigil::netlink
