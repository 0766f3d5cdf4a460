#include "vmac/ipvlan_manager.hpp"

#include "util/log.hpp"

namespace vigil::vmac {

std::optional<int> IpvlanManager::index_of(std::string_view name) const noexcept {
    const auto it = ipvlans_.find(name);
    if (it == ipvlans_.end() || it->second.index == 0) {
        return std::nullopt;
    }
    return it->second.index;
}

Outcome IpvlanManager::bring_up(const IpvlanRequest& r) {
    auto existing = links_.find(r.name);
    Outcome outcome = Outcome::adopted;
    if (existing) {
        // keepalived reuses whatever has the name (its load already said whether it matched).
        if (!existing->admin_up) {
            links_.set_up(existing->index);
        }
    } else {
        if (links_.create_ipvlan(r.name, r.base_index, r.flags)) {
            log::info("({}): Unable to create ipvlan interface {}", r.instance, r.name);
            return Outcome::failed;
        }
        log::detail("({}): Success creating ipvlan interface {}", r.instance, r.name);
        existing = links_.find(r.name);
        if (!existing) {
            return Outcome::failed;
        }
        outcome = Outcome::created;
    }
    auto& ipvlan = ipvlans_[r.name];
    ipvlan.request = r;
    ipvlan.index = existing->index;
    const bool ipv6_off = r.family == net::Family::ipv4 && r.other_family == OtherFamily::absent;
    links_.write_sysctl(fmt::format("ipv6/conf/{}/disable_ipv6", r.name), ipv6_off ? 1 : 0);
    if (r.address) {
        netlink::AddressSpec spec;
        spec.ifindex = ipvlan.index;
        spec.address = r.address->address_;
        spec.prefix = static_cast<std::uint8_t>(r.address->prefix_);
        const auto error = addresses_.add_address(spec);
        if (error && error != std::errc::file_exists) {
            log::info("{}: Failed to add interface address to {}", r.instance, r.name);
        }
    }
    return outcome;
}

void IpvlanManager::lost(std::string_view name) {
    if (const auto it = ipvlans_.find(name); it != ipvlans_.end()) {
        it->second.index = 0;
    }
}

void IpvlanManager::tear_down(std::string_view name) {
    const auto it = ipvlans_.find(name);
    if (it == ipvlans_.end()) {
        return;
    }
    const Ipvlan& ipvlan = it->second;
    if (ipvlan.index != 0) {
        if (links_.remove(ipvlan.index)) {
            log::info("({}) Error removing VMAC interface {}", ipvlan.request.instance, ipvlan.request.name);
        } else {
            log::detail("({}) Success removing VMAC interface {}", ipvlan.request.instance, ipvlan.request.name);
        }
    }
    ipvlans_.erase(it);
}

void IpvlanManager::stop() {
    while (!ipvlans_.empty()) {
        tear_down(ipvlans_.begin()->first);
    }
}

} // namespace vigil::vmac
