#include "vrrpd/vmac_holders.hpp"

#include "vmac/vmac_identity.hpp"

#include <algorithm>

namespace vigil::vrrpd {

std::vector<std::string> vmac_holders(const config::VrrpInstance& model, const vrrp::InstanceConfig& instance,
                                      const netlink::InterfaceCatalog& catalog, const LinkLookup& lookup) {
    std::vector<std::string> names;
    if (!model.use_vmac_ || instance.interface.empty()) {
        return names;
    }
    const netlink::Interface* base = catalog.find(instance.interface);
    if (base == nullptr) {
        return names;
    }
    netlink::MacBytes mac = vmac::virtual_mac(instance.family, instance.vrid);
    if (model.use_vmac_->mac_) {
        if (auto configured = vmac::configured_mac(*model.use_vmac_->mac_, instance.vrid)) {
            mac = *configured;
        }
    }
    const auto on_base = [&](const std::string& name) {
        const auto details = lookup(name);
        return details && details->kind == "macvlan" && details->parent == base->index;
    };
    if (const auto& named = model.use_vmac_->ifname_; named && *named != base->name && catalog.find(*named) != nullptr &&
                                                      on_base(*named)) {
        names.push_back(*named);
    }
    for (const auto& [index, itf] : catalog.interfaces()) {
        if (index == base->index || itf.mac != mac || std::find(names.begin(), names.end(), itf.name) != names.end()) {
            continue;
        }
        if (on_base(itf.name)) {
            names.push_back(itf.name);
        }
    }
    return names;
}

} // namespace vigil::vrrpd
