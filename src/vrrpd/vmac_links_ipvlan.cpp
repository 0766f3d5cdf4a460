// use_ipvlan's naming and the engine configuration rewritten onto the ipvlan (keepalived
// 2.2.7's vrrp_complete_instance; reference section 1.6).
#include "vrrpd/vmac_links.hpp"

#include "util/log.hpp"
#include "vmac/vmac_identity.hpp"

#include <algorithm>

namespace vigil::vrrpd {

namespace {

netlink::IpvlanFlags flags_of(const config::Ipvlan& ipvlan) {
    if (ipvlan.mode_ == "private") {
        return netlink::IpvlanFlags::private_;
    }
    if (ipvlan.mode_ == "vepa") {
        return netlink::IpvlanFlags::vepa;
    }
    return netlink::IpvlanFlags::bridge;
}

} // namespace

// keepalived reuses an existing L2 ipvlan on the same base with the same flags whose name
// (when configured) and address (when configured: the interface's first address of the
// family) are the instance's: "(X) Found matching interface N". An IPv6 instance with
// neither name nor address matches none. A configured name held by another macvlan or
// ipvlan is logged as incompatible and used as it is; one held by anything else is dropped
// for PREFIX.VRID.
void VmacLinks::assign_ipvlan(const config::VrrpInstance& m, vrrp::InstanceConfig& c,
                              const netlink::InterfaceCatalog& catalog, std::vector<Assigned>& next) {
    const config::Ipvlan& conf = *m.use_ipvlan_;
    Assigned a;
    a.kind = Kind::ipvlan;
    a.instance = c.name;
    a.base = c.interface;
    a.family = c.family;
    a.ipvlan_flags = flags_of(conf);
    if (conf.address_ && conf.address_->address_.family() == c.family) {
        a.ipvlan_address = conf.address_;
    }
    for (const vrrp::VirtualAddress& v : c.evips) {
        if (v.address.family() != c.family) {
            a.other_family = vmac::OtherFamily::present;
        }
    }
    const auto used = [&](const std::string& name) {
        return std::any_of(next.begin(), next.end(), [&](const Assigned& o) { return o.vmac == name; });
    };
    const netlink::Interface* base = catalog.find(a.base);
    const bool matchable = !(a.family == net::Family::ipv6 && !conf.ifname_ && !a.ipvlan_address);
    for (const auto& [index, itf] : catalog.interfaces()) {
        if (base == nullptr || !matchable || index == base->index || used(itf.name) ||
            (conf.ifname_ && *conf.ifname_ != itf.name)) {
            continue;
        }
        if (a.ipvlan_address) {
            const auto own = a.family == net::Family::ipv4 ? itf.primary_ipv4() : itf.link_local_ipv6();
            if (own != a.ipvlan_address->address_) {
                continue;
            }
        }
        const auto details = links_.find(itf.name);
        if (details && details->kind == "ipvlan" && details->parent == base->index &&
            details->ipvlan_mode == netlink::ipvlan_mode_l2 && details->ipvlan_flags == a.ipvlan_flags) {
            log::info("({}) Found matching interface {}", a.instance, itf.name);
            a.vmac = itf.name;
            break;
        }
    }
    if (a.vmac.empty() && conf.ifname_) {
        a.vmac = *conf.ifname_;
        if (catalog.find(a.vmac) != nullptr) {
            const auto details = links_.find(a.vmac);
            if (details && (details->kind == "ipvlan" || details->kind == "macvlan")) {
                log::info("({}) IPVLAN {} already exists but is incompatible. It will be deleted/updated", a.instance,
                          a.vmac);
            } else {
                log::info("({}) IPVLAN interface name {} already exists as a non IPVLAN interface. ignoring configured name",
                          a.instance, a.vmac);
                a.vmac.clear();
            }
        }
    }
    if (a.vmac.empty()) {
        const auto taken = [&](const std::string& name) { return catalog.find(name) != nullptr || used(name); };
        a.vmac = vmac::vmac_name(prefix_, c.vrid, c.family, taken);
    }
    // Adverts go through the ipvlan; the VIPs stay where they are configured.
    c.configured_interface = c.interface;
    c.interface = a.vmac;
    if (!c.source && a.ipvlan_address) {
        c.source = a.ipvlan_address->address_;
    }
    next.push_back(std::move(a));
}

} // namespace vigil::vrrpd
