#include "vmac/vmac_manager.hpp"

#include "util/log.hpp"

namespace vigil::vmac {

namespace {

using netlink::Ipv4Conf;
using netlink::Ipv4Setting;

std::string conf_path(std::string_view ifname, std::string_view key) {
    return fmt::format("ipv4/conf/{}/{}", ifname, key);
}

} // namespace

std::optional<int> VmacManager::index_of(std::string_view name) const noexcept {
    const auto it = vmacs_.find(name);
    if (it == vmacs_.end() || it->second.index == 0) {
        return std::nullopt;
    }
    return it->second.index;
}

Outcome VmacManager::create_or_adopt(const VmacRequest& r, int& index) {
    auto existing = links_.find(r.name);
    bool update = false;
    if (existing) {
        if (existing->kind != "macvlan") {
            log::info("VMAC {} conflicts with existing interface", r.name);
            return Outcome::failed;
        }
        if (existing->parent != r.base_index) {
            log::info("({}) Removing old VMAC interface {} due to conflicting interface", r.instance, r.name);
            if (links_.remove(existing->index)) {
                log::info("({}) Error removing VMAC interface {}", r.instance, r.name);
                return Outcome::failed;
            }
            existing.reset();
        } else if (existing->mac != r.mac || existing->macvlan_mode != netlink::MacvlanMode::private_) {
            log::info("({}) Update old VMAC interface {} due to wrong MAC/mode ", r.instance, r.name);
            update = true;
        } else {
            index = existing->index;
            return Outcome::adopted;
        }
    }
    const auto error = update ? links_.update_macvlan(existing->index, r.mac)
                              : links_.create_macvlan(r.name, r.base_index, r.mac);
    if (error) {
        log::info("({}): Unable to create VMAC interface {}", r.instance, r.name);
        return Outcome::failed;
    }
    log::detail("({}): Success {} VMAC interface {}", r.instance, update ? "updating" : "creating", r.name);
    const auto created = links_.find(r.name);
    if (!created) {
        return Outcome::failed;
    }
    index = created->index;
    return update ? Outcome::updated : Outcome::created;
}

Outcome VmacManager::bring_up(const VmacRequest& request) {
    int index = 0;
    const auto outcome = create_or_adopt(request, index);
    if (outcome == Outcome::failed) {
        return outcome;
    }
    auto& vmac = vmacs_[request.name];
    vmac.request = request;
    vmac.index = index;
    const bool created = outcome != Outcome::adopted;
    if (request.family == net::Family::ipv4 && created) {
        set_ipv4_settings(vmac);  // again for a VMAC made anew after a deletion by hand
    }
    add_firewall_entry(vmac);
    const bool ipv6_off = request.family == net::Family::ipv4 && request.other_family == OtherFamily::absent;
    links_.write_sysctl(fmt::format("ipv6/conf/{}/disable_ipv6", request.name), ipv6_off ? 1 : 0);
    if (links_.set_addr_gen_mode_none(index)) {
        log::info("({}) Error setting ADDR_GEN_MODE to NONE on {}", request.instance, request.name);
    }
    links_.set_up(index);
    if (request.family == net::Family::ipv6 && request.xmit_base == XmitBase::off && request.link_local) {
        if (add_link_local(vmac)) {
            log::info("Adding link-local address to vmac failed");
            if (created) {
                log::info("({}) adding link-local address to {} failed", request.instance, request.name);
            }
        }
    }
    return outcome;
}

// The VMAC's copy of the base's link-local address: /64, no DAD, preferred lifetime 0, so
// that adverts leave from it but nothing else picks it as a source (keepalived).
std::error_code VmacManager::add_link_local(const Vmac& vmac) {
    netlink::AddressSpec spec;
    spec.ifindex = vmac.index;
    spec.address = *vmac.request.link_local;
    spec.prefix = 64;
    spec.flags = netlink::address_flag::nodad;
    spec.preferred_lifetime = 0;
    const auto error = addresses_.add_address(spec);
    return error == std::errc::file_exists ? std::error_code{} : error;
}

void VmacManager::restore_link_local(std::string_view name) {
    const auto it = vmacs_.find(name);
    if (it == vmacs_.end() || it->second.index == 0) {
        return;
    }
    const auto& r = it->second.request;
    if (r.family == net::Family::ipv6 && r.xmit_base == XmitBase::off && r.link_local &&
        add_link_local(it->second)) {
        log::info("Adding link-local address to vmac failed");
    }
}

void VmacManager::set_ipv4_settings(Vmac& vmac) {
    const auto& r = vmac.request;
    if (!rp_filter_done_) {
        clear_rp_filter();
    }
    const Ipv4Setting vmac_conf[] = {{Ipv4Conf::arp_ignore, 1},
                                     {Ipv4Conf::accept_local, 1},
                                     {Ipv4Conf::rp_filter, 0},
                                     {Ipv4Conf::promote_secondaries, 1}};
    if (links_.set_ipv4_conf(vmac.index, vmac_conf)) {
        log::info("Unable to set parameters for {}", r.name);
        return;
    }
    if (vmac.base_counted) {
        return;
    }
    vmac.base_counted = true;
    auto& base = bases_[r.base_index];
    if (base.users++ == 0) {
        // Read before the first write: what we put back when the last VMAC goes.
        const auto arp_ignore = links_.read_sysctl(conf_path(r.base_name, "arp_ignore"));
        const auto arp_filter = links_.read_sysctl(conf_path(r.base_name, "arp_filter"));
        if (arp_ignore != 1U || arp_filter != 1U) {
            // RFC 5798 section 8.1.2 leaves the base answering ARP for the VIPs; keepalived
            // makes it answer only for its own addresses and on the interface that has them.
            const Ipv4Setting base_conf[] = {{Ipv4Conf::arp_ignore, 1}, {Ipv4Conf::arp_filter, 1}};
            if (links_.set_ipv4_conf(r.base_index, base_conf)) {
                log::info("Set base flags on {} failed for VMAC {}", r.base_name, r.name);
            } else {
                base.arp_ignore = arp_ignore.value_or(0);
                base.arp_filter = arp_filter.value_or(0);
            }
        }
    }
}

void VmacManager::reset_base_settings(const Vmac& vmac) {
    const auto it = bases_.find(vmac.request.base_index);
    if (it == bases_.end() || it->second.users == 0 || --it->second.users != 0) {
        return;
    }
    auto& base = it->second;
    if (base.arp_ignore && base.arp_filter) {
        const Ipv4Setting original[] = {{Ipv4Conf::arp_ignore, *base.arp_ignore},
                                        {Ipv4Conf::arp_filter, *base.arp_filter}};
        if (links_.set_ipv4_conf(vmac.request.base_index, original)) {
            log::info("Unable to reset parameters for {}", vmac.request.base_name);
        }
    }
    bases_.erase(it);
}

// keepalived's clear_rp_filter: a VMAC needs rp_filter 0, and the kernel uses the maximum
// of all.rp_filter and the interface's value, so all is set to 0 after raising default and
// every interface to the old all value (which keeps their effective setting).
void VmacManager::clear_rp_filter() {
    rp_filter_done_ = true;
    const auto all = links_.read_sysctl("ipv4/conf/all/rp_filter");
    if (!all) {
        log::info("Unable to read sysctl net.ipv4.conf.all.rp_filter");
        return;
    }
    if (*all == 0) {
        return;
    }
    all_rp_filter_ = *all;
    const auto default_value = links_.read_sysctl("ipv4/conf/default/rp_filter");
    if (default_value && *default_value < *all) {
        log::info("NOTICE: setting sysctl net.ipv4.conf.default.rp_filter from {} to {}", *default_value, *all);
        links_.write_sysctl("ipv4/conf/default/rp_filter", *all);
        default_rp_filter_ = *default_value;
    }
    for (const auto& link : links_.list()) {
        const auto value = links_.read_sysctl(conf_path(link.name, "rp_filter"));
        if (!value) {
            log::info("Unable to read rp_filter for {}", link.name);
            continue;
        }
        if (*value < *all) {
            const Ipv4Setting raise[] = {{Ipv4Conf::rp_filter, *all}};
            if (!links_.set_ipv4_conf(link.index, raise)) {
                raised_rp_filter_.push_back({link.index, link.name, *value});
            }
        }
    }
    log::info("NOTICE: setting sysctl net.ipv4.conf.all.rp_filter from {} to 0", *all);
    links_.write_sysctl("ipv4/conf/all/rp_filter", 0);
}

// Puts back what clear_rp_filter changed, where it is still as we left it.
void VmacManager::restore_rp_filter() {
    if (!all_rp_filter_) {
        return;
    }
    const auto all = *all_rp_filter_;
    if (links_.read_sysctl("ipv4/conf/all/rp_filter") == 0U) {
        log::info("NOTICE: resetting sysctl net.ipv4.conf.all.rp_filter to {}", all);
        links_.write_sysctl("ipv4/conf/all/rp_filter", all);
    }
    if (default_rp_filter_) {
        if (links_.read_sysctl("ipv4/conf/default/rp_filter") == all) {
            log::info("NOTICE: resetting sysctl net.ipv4.conf.default.rp_filter to {}", *default_rp_filter_);
            links_.write_sysctl("ipv4/conf/default/rp_filter", *default_rp_filter_);
        }
        default_rp_filter_.reset();
    }
    for (const auto& raised : raised_rp_filter_) {
        if (links_.read_sysctl(conf_path(raised.name, "rp_filter")) == all) {
            const Ipv4Setting back[] = {{Ipv4Conf::rp_filter, raised.original}};
            links_.set_ipv4_conf(raised.index, back);
        }
    }
    raised_rp_filter_.clear();
    all_rp_filter_.reset();
}

void VmacManager::add_firewall_entry(Vmac& vmac) {
    const auto& r = vmac.request;
    if (firewall_ == nullptr || (r.family == net::Family::ipv4 && settings_.disable_local_igmp)) {
        return;
    }
    const bool both = r.other_family == OtherFamily::present;
    const nft::VmacEntry entry{.vmac_ifindex = static_cast<std::uint32_t>(vmac.index),
                               .base_ifindex = static_cast<std::uint32_t>(r.base_index),
                               .ipv4 = r.family == net::Family::ipv4 || both,
                               .ipv6 = r.family == net::Family::ipv6 || both};
    firewall_->add_vmac(entry, vmac.firewall_entry != entry ? vmac.firewall_entry : std::nullopt);
    vmac.firewall_entry = entry;
}

void VmacManager::lost(std::string_view name) {
    const auto it = vmacs_.find(name);
    if (it == vmacs_.end()) {
        return;
    }
    if (firewall_ != nullptr && it->second.firewall_entry) {
        firewall_->remove_vmac(*it->second.firewall_entry);
    }
    it->second.firewall_entry.reset();
    it->second.index = 0;
}

void VmacManager::tear_down(std::string_view name) {
    const auto it = vmacs_.find(name);
    if (it == vmacs_.end()) {
        return;
    }
    auto& vmac = it->second;
    if (vmac.base_counted) {
        reset_base_settings(vmac);
    }
    if (firewall_ != nullptr && vmac.firewall_entry) {
        firewall_->remove_vmac(*vmac.firewall_entry);
    }
    if (vmac.index != 0) {
        if (links_.remove(vmac.index)) {
            log::info("({}) Error removing VMAC interface {}", vmac.request.instance, vmac.request.name);
        } else {
            log::detail("({}) Success removing VMAC interface {}", vmac.request.instance, vmac.request.name);
        }
    }
    vmacs_.erase(it);
}

void VmacManager::stop() {
    restore_rp_filter();
    while (!vmacs_.empty()) {
        tear_down(vmacs_.begin()->first);
    }
}

} // namespace vigil::vmac
