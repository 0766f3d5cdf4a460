#include "doctor/instances.hpp"

#include <algorithm>

namespace vigil::doctor {

std::vector<InstanceView> instances_of(const config::Config& config) {
    std::vector<InstanceView> out;
    const config::GlobalDefs& g = config.global_;
    for (const config::VrrpInstance& m : config.instances_) {
        InstanceView v;
        v.name = m.name_;
        v.interface = m.interface_.value_or("");
        for (const config::TrackedObject& o : m.track_.interfaces_) {
            v.tracked_interfaces.push_back(o.name_);
        }
        v.vrid = static_cast<std::uint8_t>(m.virtual_router_id_.value_or(0));
        v.family = m.family_.value_or(net::Family::ipv4);
        v.version = static_cast<std::uint8_t>(m.version_.value_or(g.vrrp_version_));
        v.priority = static_cast<std::uint8_t>(m.priority_.value_or(100));
        v.advert_interval = m.advert_int_;
        if (m.authentication_ && v.version == 2) {
            v.auth_type = m.authentication_->type_ == config::AuthType::ah ? 2 : 1;
            v.auth_pass = m.authentication_->password_.substr(0, 8);
        }
        for (const config::VirtualAddress& a : m.vips_) {
            v.vips.push_back(a.address_);
        }
        v.source = m.unicast_src_ip_ ? m.unicast_src_ip_ : m.mcast_src_ip_;
        for (const config::UnicastPeer& p : m.unicast_peers_) {
            v.unicast_peers.push_back(p.address_);
        }
        if (m.use_vmac_) {
            v.use_vmac = true;
            v.vmac_interface = m.use_vmac_->ifname_.value_or(g.vmac_prefix_ + "." + std::to_string(v.vrid));
        }
        v.strict = m.strict_mode_.value_or(g.vrrp_strict_);
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace vigil::doctor
