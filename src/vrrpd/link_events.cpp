// Interfaces and addresses: the netlink catalog, link up/down, the instances' source
// addresses, and VIPs deleted by someone else.
#include "vrrpd/vrrp_child.hpp"

#include "util/log.hpp"

#include <linux/if_addr.h>

namespace vigil::vrrpd {

void VrrpChild::load_interfaces() {
    std::vector<netlink::NetlinkEvent> events;
    if (const std::error_code ec = table_->dump_interfaces(events)) {
        log::error("Netlink: unable to dump interfaces - {}", ec.message());
    }
    catalog_.clear();
    for (const netlink::NetlinkEvent& e : events) {
        catalog_.apply(e);
    }
}

std::optional<net::IpAddress> VrrpChild::source_of(const vrrp::InstanceConfig& c) const {
    if (c.source) {
        return c.source;
    }
    // A VMAC has no address of its own: the source is its base interface's (keepalived).
    std::optional<std::string> base = vmacs_ ? vmacs_->base_of(c.interface) : std::nullopt;
    if (c.family == net::Family::ipv6 && vmacs_ && vmacs_->is_ipvlan(c.interface)) {
        // The ipvlan we have just created: keepalived learns its link-local address from
        // the kernel's notification, sent once duplicate address detection is over, while
        // our re-read also lists it tentative (RFC 4862 section 5.4: not to be used yet).
        const netlink::Interface* itf = catalog_.find(c.interface);
        if (itf == nullptr) {
            return std::nullopt;
        }
        for (const netlink::AddressEvent& a : itf->addresses) {
            if (a.address.is_v6() && a.address.is_link_local() && (a.flags & IFA_F_TENTATIVE) == 0) {
                return a.address;
            }
        }
        return std::nullopt;
    }
    if (const netlink::Interface* itf = catalog_.find(base ? *base : c.interface)) {
        return c.family == net::Family::ipv4 ? itf->primary_ipv4() : itf->link_local_ipv6();
    }
    return std::nullopt;
}

void VrrpChild::report_sources(vrrp::TimePoint now) {
    vrrp::Actions actions;
    for (InstanceId id = 0; id < instance_count(); ++id) {
        const std::optional<net::IpAddress> source = source_of(instance_config(id));
        Runtime& r = runtime_[id];
        if (r.source_reported && r.reported_source == source) {
            continue;
        }
        r.source_reported = true;
        r.reported_source = source;
        router_->on_source_address(id, source, now, actions);
        if (source && r.endpoint == std::nullopt) {
            attach(id);
        }
    }
    execute(actions);
}

bool VrrpChild::is_address_vmac(std::string_view ifname) const {
    const std::optional<std::string> base = vmacs_ ? vmacs_->base_of(ifname) : std::nullopt;
    if (!base) {
        return false;
    }
    for (InstanceId id = 0; id < instance_count(); ++id) {
        const vrrp::InstanceConfig& c = instance_config(id);
        const config::VrrpInstance* m = id < engine_.extras.size() ? engine_.extras[id].model : nullptr;
        if (c.interface == ifname || m == nullptr || !m->interface_) {
            continue;
        }
        // Not the instance's own VMAC (with vmac_xmit_base the instance stays on the base,
        // its VMAC holds its family's addresses): another base, or the other family.
        for (const auto* list : {&c.vips, &c.evips}) {
            for (const vrrp::VirtualAddress& v : *list) {
                if (v.interface == ifname && (*base != *m->interface_ || v.address.family() != c.family)) {
                    return true;
                }
            }
        }
    }
    return false;
}

void VrrpChild::on_netlink() noexcept {
    const vrrp::TimePoint now = vrrp::Clock::now();
    [[maybe_unused]] auto ec = monitor_->read_events([this, now](const netlink::NetlinkEvent& e) { on_netlink_event(e, now); });
    report_sources(now);
    rearm();
}

void VrrpChild::on_netlink_event(const netlink::NetlinkEvent& event, vrrp::TimePoint now) noexcept {
    if (std::holds_alternative<netlink::MonitorOverrun>(event)) {
        log::info("Netlink: Receive buffer overrun on monitor socket - re-reading interfaces");
        load_interfaces();
        return;
    }
    const netlink::AddressEvent* address = std::get_if<netlink::AddressEvent>(&event);
    std::string removed_from;
    if (address != nullptr && address->change == netlink::Change::removed) {
        if (const netlink::Interface* itf = catalog_.find(address->ifindex)) {
            removed_from = itf->name;
        }
    }
    const netlink::CatalogChange change = catalog_.apply(event);
    vrrp::Actions actions;
    std::string lost_vmac;
    if (const auto* link = std::get_if<netlink::LinkEvent>(&event)) {
        switch (change) {
        case netlink::CatalogChange::went_up:
            log::info("Netlink reports {} up", link->name);
            if (vmacs_) {
                vmacs_->link_up(link->name);
            }
            router_->on_link(link->name, vrrp::LinkState::up, now, actions);
            break;
        case netlink::CatalogChange::went_down:
            if (!vmacs_ || !vmacs_->retiring(link->name)) {
                log::info("Netlink reports {} down", link->name);
            }
            router_->on_link(link->name, vrrp::LinkState::down, now, actions);
            break;
        case netlink::CatalogChange::appeared:
            for (InstanceId id = 0; id < instance_count(); ++id) {
                if (instance_config(id).interface == link->name) {
                    attach(id);
                }
            }
            router_->on_link(link->name, link->up() ? vrrp::LinkState::up : vrrp::LinkState::down, now, actions);
            break;
        case netlink::CatalogChange::removed:
            for (InstanceId id = 0; id < instance_count(); ++id) {
                if (runtime_[id].endpoint && runtime_[id].endpoint->ifindex == link->index) {
                    detach(id);
                }
            }
            router_->on_link(link->name, vrrp::LinkState::down, now, actions);
            if (vmacs_ && !stopping_ && vmacs_->is_ours(link->name)) {
                log::info("Interface {} deleted", link->name);
                // keepalived recreates an instance's own VMAC at once; an address VMAC
                // (use_vmac_addr) stays deleted, and its instance in FAULT (observed).
                if (!is_address_vmac(link->name)) {
                    lost_vmac = link->name;
                }
            } else if (vmacs_ && vmacs_->retiring(link->name)) {
                log::info("Interface {} deleted", link->name);
                vmacs_->forget_retired(link->name);
            }
            break;
        case netlink::CatalogChange::none:
        case netlink::CatalogChange::link_changed:
        case netlink::CatalogChange::address_added:
        case netlink::CatalogChange::address_removed:
            break;
        }
    } else if (address != nullptr) {
        const netlink::Interface* itf = catalog_.find(address->ifindex);
        const std::string ifname = itf != nullptr ? itf->name : removed_from;
        const bool added = address->change == netlink::Change::added;
        if (settings_.address_monitoring) {
            log::info("Netlink reflector reports IP {} {} {}", address->address, added ? "added to" : "removed from", ifname);
        }
        if (!added) {
            for (InstanceId id = 0; id < instance_count(); ++id) {
                if (router_->instance(id).state() != vrrp::State::master) {
                    continue;
                }
                const vrrp::InstanceConfig& c = instance_config(id);
                for (const auto* list : {&c.vips, &c.evips}) {
                    for (const vrrp::VirtualAddress& v : *list) {
                        if (v.address == address->address && v.interface == ifname &&
                            v.tracking == vrrp::AddressTracking::tracked) {
                            if (!settings_.address_monitoring) {
                                log::detail("Netlink reflector reports IP {} removed from {}", address->address, ifname);
                            }
                            router_->on_vip_deleted(id, address->address, now, actions);
                        }
                    }
                }
            }
        }
    }
    execute(actions);
    if (!lost_vmac.empty()) {
        // Deleted by hand: made again at once, as keepalived does; the monitor then reports
        // the new link and the instance attaches to it.
        try {
            vmacs_->recreate(lost_vmac, catalog_, firewall_ ? &firewall_->firewall() : nullptr);
        } catch (...) {
        }
    }
}

} // namespace vigil::vrrpd
