#include "vrrpd/vip_firewall.hpp"

#include "util/log.hpp"

#include <ctime>

namespace vigil::vrrpd {

std::unique_ptr<VipFirewall> VipFirewall::create_if_needed(const config::GlobalDefs& global,
                                                           const EngineConfig& engine, bool vmacs_used) {
    bool needed = vmacs_used;
    for (const vrrp::InstanceConfig& c : engine.instances) {
        needed = needed || vrrp::drops_vip_traffic(c);
    }
    if (!needed) {
        return nullptr;
    }
    if (!global.nftables_ && !global.vrrp_iptables_) {
        log::info("use_vmac or no_accept/strict specified, but no firewall configured - using nftables");
    }
    nft::FirewallSettings settings;
    settings.table = global.nftables_.value_or("keepalived");
    settings.priority = global.nftables_priority_;
    settings.counters = global.nftables_counters_;
    auto out = std::make_unique<VipFirewall>(std::move(settings));
    out->key_by_index_ = global.nftables_ifindex_;
    return out;
}

VipFirewall::VipFirewall(nft::FirewallSettings settings)
    : key_by_index_(false), firewall_(std::move(settings), socket_, static_cast<std::uint32_t>(std::time(nullptr))) {}

std::vector<nft::VipEntry> VipFirewall::entries(const vrrp::InstanceConfig& instance, const vrrp::AddressSet& set,
                                                const netlink::InterfaceCatalog& catalog) const {
    std::vector<nft::VipEntry> out;
    for (const auto* list : {&set.vips, &set.evips}) {
        for (const vrrp::VirtualAddress& v : *list) {
            nft::VipEntry e;
            e.address = v.address;
            if (v.address.is_link_local()) {
                // keepalived keys a link-local VIP by interface name only for dont_track_primary
                // instances (without nftables_ifindex), when the VIP is on the instance's own
                // interface or not tracked; the set names the VIP's own interface (PR #453).
                const netlink::Interface* itf = catalog.find(v.interface);
                e.ifindex = itf != nullptr ? static_cast<std::uint32_t>(itf->index) : 0;
                e.ifname = v.interface;
                const bool by_name = !key_by_index_ && instance.primary_tracking == vrrp::PrimaryTracking::dont_track &&
                                     (v.interface == instance.interface || v.tracking == vrrp::AddressTracking::no_track);
                e.key = by_name ? nft::LinkLocalKey::ifname : nft::LinkLocalKey::ifindex;
                if (e.key == nft::LinkLocalKey::ifindex && e.ifindex == 0) {
                    continue;  // no such interface (yet): nothing to key the entry by
                }
            }
            out.push_back(std::move(e));
        }
    }
    return out;
}

void VipFirewall::add(const vrrp::InstanceConfig& instance, const vrrp::AddressSet& set,
                      const netlink::InterfaceCatalog& catalog) {
    const auto list = entries(instance, set, catalog);
    firewall_.add_vips(list);
}

void VipFirewall::remove(const vrrp::InstanceConfig& instance, const vrrp::AddressSet& set,
                         const netlink::InterfaceCatalog& catalog) {
    const auto list = entries(instance, set, catalog);
    firewall_.remove_vips(list);
}

} // namespace vigil::vrrpd
