#include "vrrpd/vmac_links.hpp"

#include "util/log.hpp"
#include "vmac/vmac_identity.hpp"

#include <algorithm>

namespace vigil::vrrpd {

namespace {

bool vip_asks_vmac(const config::VrrpInstance& i) {
    for (const auto* list : {&i.vips_, &i.evips_}) {
        if (std::any_of(list->begin(), list->end(), [](const config::VirtualAddress& a) { return a.use_vmac_; })) {
            return true;
        }
    }
    return false;
}

// The VIP's own `use_vmac` flag (the parser cleared it where keepalived ignores it).
bool vip_use_vmac(const config::VrrpInstance& m, const vrrp::VirtualAddress& v) {
    for (const auto* list : {&m.vips_, &m.evips_}) {
        for (const config::VirtualAddress& a : *list) {
            if (a.use_vmac_ && a.address_ == v.address && a.dev_.value_or(*m.interface_) == v.interface) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

bool VmacLinks::vmac_used_by(const config::Config& model) {
    return std::any_of(model.instances_.begin(), model.instances_.end(), [](const config::VrrpInstance& i) {
        return i.interface_ && (i.use_vmac_.has_value() || i.use_vmac_addr_ || vip_asks_vmac(i));
    });
}

bool VmacLinks::used_by(const config::Config& model) {
    return vmac_used_by(model) ||
           std::any_of(model.instances_.begin(), model.instances_.end(), [](const config::VrrpInstance& i) {
               return i.interface_ && i.use_ipvlan_.has_value();
           });
}

VmacLinks::VmacLinks(netlink::AddressTable& addresses, const config::GlobalDefs& global)
    : addresses_(addresses), prefix_(global.vmac_prefix_),
      addr_prefix_(global.vmac_addr_prefix_.value_or(global.vmac_prefix_)),
      settings_{.disable_local_igmp = global.disable_local_igmp_} {}

vmac::VmacManager& VmacLinks::manager(nft::Firewall* firewall) {
    if (!manager_) {
        manager_ = std::make_unique<vmac::VmacManager>(links_, addresses_, firewall, settings_);
    }
    return *manager_;
}

vmac::IpvlanManager& VmacLinks::ipvlans() {
    if (!ipvlans_) {
        ipvlans_ = std::make_unique<vmac::IpvlanManager>(links_, addresses_);
    }
    return *ipvlans_;
}

void VmacLinks::assign(EngineConfig& engine, const netlink::InterfaceCatalog& catalog) {
    std::vector<Assigned> next;
    for (std::size_t id = 0; id < engine.instances.size(); ++id) {
        const config::VrrpInstance* m = engine.extras[id].model;
        vrrp::InstanceConfig& c = engine.instances[id];
        if (m != nullptr && m->use_ipvlan_ && !m->use_vmac_ && !c.interface.empty()) {
            assign_ipvlan(*m, c, catalog, next);
            continue;
        }
        if (m == nullptr || !m->use_vmac_ || c.interface.empty()) {
            continue;
        }
        Assigned a;
        a.instance = c.name;
        a.base = c.interface;
        a.family = c.family;
        // keepalived forces vmac_xmit_base with unicast peers (the VMAC has no address to send
        // unicast from); its parser says so ("unicast with use_vmac requires vmac_xmit_base").
        a.xmit_base = m->use_vmac_->xmit_base_ || !c.unicast_peers.empty() ? vmac::XmitBase::on : vmac::XmitBase::off;
        a.mac = vmac::virtual_mac(c.family, c.vrid);
        if (m->use_vmac_->mac_) {
            if (auto mac = vmac::configured_mac(*m->use_vmac_->mac_, c.vrid)) {
                a.mac = *mac;
            }
        }
        for (const vrrp::VirtualAddress& v : c.evips) {
            if (v.address.family() != c.family) {
                a.other_family = vmac::OtherFamily::present;
            }
        }
        if (m->unicast_src_ip_ && c.family == net::Family::ipv6) {
            a.source = net::IpAddress::parse(m->unicast_src_ip_->to_string());
        }
        const auto taken = [&](const std::string& name) {
            return catalog.find(name) != nullptr ||
                   std::any_of(next.begin(), next.end(), [&](const Assigned& o) { return o.vmac == name; });
        };
        if (m->use_vmac_->ifname_) {
            a.vmac = *m->use_vmac_->ifname_;
        } else {
            // An existing private macvlan on the base with our MAC: a previous run's VMAC.
            const netlink::Interface* base = catalog.find(a.base);
            for (const auto& [index, itf] : catalog.interfaces()) {
                if (base == nullptr || itf.mac != a.mac || itf.name == a.base) {
                    continue;
                }
                const auto details = links_.find(itf.name);
                if (details && details->kind == "macvlan" && details->parent == base->index &&
                    details->macvlan_mode == netlink::MacvlanMode::private_ &&
                    std::none_of(next.begin(), next.end(), [&name = itf.name](const Assigned& o) { return o.vmac == name; })) {
                    log::info("({}) Found matching interface {}", a.instance, itf.name);
                    a.vmac = itf.name;
                    break;
                }
            }
            if (a.vmac.empty()) {
                a.vmac = vmac::vmac_name(prefix_, c.vrid, c.family, taken);
            }
        }
        // The engine runs the instance on its VMAC; addresses of the other family stay on the
        // base (keepalived: only the instance's family goes to vrrp->ifp).
        for (auto* list : {&c.vips, &c.evips}) {
            for (vrrp::VirtualAddress& v : *list) {
                if (v.interface == a.base && v.address.family() == c.family) {
                    v.interface = a.vmac;
                }
            }
        }
        if (a.xmit_base == vmac::XmitBase::off) {
            c.interface = a.vmac;
        }
        next.push_back(std::move(a));
    }
    assign_address_vmacs(engine, catalog, next);
    for (const Assigned& old : assigned_) {
        if (std::none_of(next.begin(), next.end(), [&](const Assigned& a) { return a.vmac == old.vmac; })) {
            retired_.push_back(old.vmac);
        }
    }
    assigned_ = std::move(next);
}

// keepalived's vrrp_complete_instance: a VIP/eVIP on another interface than the instance's
// (with use_vmac_addr or its own use_vmac), or on the instance's interface in the other
// family (with use_vmac_addr) or without an instance VMAC (its own use_vmac), goes onto a
// VMAC for the VRID and its family on that interface: one found among those already
// assigned (same base and MAC), else a new one named vmac_addr_prefix (else vmac_prefix)
// .VRID. keepalived creates it as for an instance of the address's family with no
// excluded addresses and no vmac_xmit_base.
void VmacLinks::assign_address_vmacs(EngineConfig& engine, const netlink::InterfaceCatalog& catalog,
                                     std::vector<Assigned>& next) {
    for (std::size_t id = 0; id < engine.instances.size(); ++id) {
        const config::VrrpInstance* m = engine.extras[id].model;
        vrrp::InstanceConfig& c = engine.instances[id];
        if (m == nullptr || !m->interface_ || (!m->use_vmac_addr_ && !vip_asks_vmac(*m))) {
            continue;
        }
        const std::string& configured = *m->interface_;
        const bool instance_vmac = m->use_vmac_.has_value();
        for (auto* list : {&c.vips, &c.evips}) {
            for (vrrp::VirtualAddress& v : *list) {
                const bool same_family = v.address.family() == c.family;
                const bool own = vip_use_vmac(*m, v);
                bool needs = false;
                if (v.interface == configured) {
                    needs = !(instance_vmac && same_family) && (own || (m->use_vmac_addr_ && !same_family));
                } else if (std::none_of(next.begin(), next.end(), [&](const Assigned& a) { return a.vmac == v.interface; })) {
                    needs = own || m->use_vmac_addr_;
                }
                if (!needs) {
                    continue;
                }
                const netlink::MacBytes mac = vmac::virtual_mac(v.address.family(), c.vrid);
                const auto found = std::find_if(next.begin(), next.end(), [&](const Assigned& a) {
                    return a.base == v.interface && a.mac == mac;
                });
                if (found != next.end()) {
                    v.interface = found->vmac;
                    continue;
                }
                Assigned a;
                a.instance = c.name;
                a.base = v.interface;
                a.family = v.address.family();
                a.mac = mac;
                const auto taken = [&](const std::string& name) {
                    return catalog.find(name) != nullptr ||
                           std::any_of(next.begin(), next.end(), [&](const Assigned& o) { return o.vmac == name; });
                };
                a.vmac = vmac::vmac_name(addr_prefix_, c.vrid, a.family, taken);
                v.interface = a.vmac;
                next.push_back(std::move(a));
            }
        }
    }
}

bool VmacLinks::is_ipvlan(std::string_view name) const noexcept {
    return std::any_of(assigned_.begin(), assigned_.end(),
                       [&](const Assigned& a) { return a.vmac == name && a.kind == Kind::ipvlan; });
}

bool VmacLinks::retiring(std::string_view name) const noexcept {
    return std::find(retiring_.begin(), retiring_.end(), name) != retiring_.end();
}

void VmacLinks::forget_retired(std::string_view name) {
    std::erase(retiring_, name);
}

void VmacLinks::retire() {
    for (const std::string& name : retired_) {
        retiring_.push_back(name);
        if (manager_) {
            manager_->tear_down(name);
        }
        if (ipvlans_) {
            ipvlans_->tear_down(name);
        }
    }
    retired_.clear();
}

std::optional<vmac::VmacRequest> VmacLinks::request_of(const Assigned& a, const netlink::InterfaceCatalog& catalog) const {
    const netlink::Interface* base = catalog.find(a.base);
    if (base == nullptr) {
        return std::nullopt;
    }
    vmac::VmacRequest r;
    r.instance = a.instance;
    r.name = a.vmac;
    r.base_index = base->index;
    r.base_name = a.base;
    r.mac = a.mac;
    r.family = a.family;
    r.other_family = a.other_family;
    r.xmit_base = a.xmit_base;
    if (a.family == net::Family::ipv6) {
        // keepalived's choice: unicast_src_ip, else the base's link-local address, else
        // the EUI-64 of the base's MAC.
        r.link_local = a.source ? a.source : base->link_local_ipv6();
        if (!r.link_local) {
            r.link_local = vmac::eui64_link_local(base->mac);
        }
    }
    return r;
}

bool VmacLinks::bring_up(const Assigned& a, const netlink::InterfaceCatalog& catalog, nft::Firewall* firewall) {
    const netlink::Interface* base = catalog.find(a.base);
    if (a.kind == Kind::vmac || base == nullptr) {
        const auto r = request_of(a, catalog);
        return r && manager(firewall).bring_up(*r) != vmac::Outcome::failed;
    }
    const vmac::IpvlanRequest r{.instance = a.instance,
                                .name = a.vmac,
                                .base_index = base->index,
                                .flags = a.ipvlan_flags,
                                .family = a.family,
                                .other_family = a.other_family,
                                .address = a.ipvlan_address};
    return ipvlans().bring_up(r) != vmac::Outcome::failed;
}

void VmacLinks::bring_up_all(const netlink::InterfaceCatalog& catalog, nft::Firewall* firewall) {
    for (const Assigned& a : assigned_) {
        if (a.kind == Kind::ipvlan && a.family == net::Family::ipv4 && !a.ipvlan_address) {
            // keepalived's vrrp_complete_instance, at every load; the instance has no source
            // address and stays in FAULT (the ipvlan is created all the same).
            log::info("({}) IPv4 ipvlan requires a source ip address to be configured. setting instance to fault state",
                      a.instance);
        }
        bring_up(a, catalog, firewall);
    }
}

bool VmacLinks::recreate(std::string_view name, const netlink::InterfaceCatalog& catalog, nft::Firewall* firewall) {
    const auto it = std::find_if(assigned_.begin(), assigned_.end(), [&](const Assigned& a) { return a.vmac == name; });
    if (it == assigned_.end()) {
        return false;
    }
    if (it->kind == Kind::ipvlan) {
        ipvlans().lost(name);
    } else {
        manager(firewall).lost(name);
    }
    return bring_up(*it, catalog, firewall);
}

bool VmacLinks::is_ours(std::string_view name) const noexcept {
    return std::any_of(assigned_.begin(), assigned_.end(), [&](const Assigned& a) { return a.vmac == name; });
}

void VmacLinks::link_up(std::string_view name) {
    if (manager_ && is_ours(name)) {
        manager_->restore_link_local(name);
    }
}

std::optional<std::string> VmacLinks::base_of(std::string_view name) const {
    for (const Assigned& a : assigned_) {
        if (a.vmac == name && a.kind == Kind::vmac) {
            return a.base;
        }
    }
    return std::nullopt;
}

void VmacLinks::stop() {
    if (manager_) {
        manager_->stop();
    }
    if (ipvlans_) {
        ipvlans_->stop();
    }
}

} // namespace vigil::vrrpd
