// Announcements: gratuitous ARPs and unsolicited NAs for an engine Announce, at the
// interval of the address family, or of the interface's garp_group.
#include "vrrpd/vrrp_child.hpp"

#include "util/log.hpp"

#include <algorithm>

namespace vigil::vrrpd {

void VrrpChild::announce(const vrrp::Announce& action, const Context& context) noexcept {
    const std::string& name =
        context.instance(action.instance) != nullptr ? context.instance(action.instance)->name : std::string();
    struct Target {
        int ifindex;
        std::string ifname;
        arp::MacAddress mac;
        net::IpAddress address;
        std::chrono::microseconds interval;
    };
    const config::GlobalDefs& g = context.model->global_;
    std::vector<Target> targets;
    for (const vrrp::VirtualAddress& v : action.addresses) {
        const netlink::Interface* itf = catalog_.find(v.interface);
        if (itf == nullptr) {
            continue;
        }
        if (v.address.is_v4()) {
            log::detail("({}) Sending/queueing gratuitous ARPs on {} for {}", name, itf->name, v.address);
        } else {
            log::detail("({}) Sending/queueing Unsolicited Neighbour Adverts on {} for {}", name, itf->name, v.address);
        }
        std::chrono::microseconds interval = v.address.is_v4() ? g.vrrp_garp_interval_ : g.vrrp_gna_interval_;
        for (const config::GarpGroup& group : context.model->garp_groups_) {
            if (std::find(group.interfaces_.begin(), group.interfaces_.end(), itf->name) != group.interfaces_.end()) {
                interval = (v.address.is_v4() ? group.garp_interval_ : group.gna_interval_).value_or(interval);
            }
        }
        targets.push_back({itf->index, itf->name, itf->mac, v.address, interval});
    }
    try {
        for (std::uint32_t round = 0; round < action.repeat; ++round) {
            for (const Target& t : targets) {
                announce_queue_->send(t.ifindex, t.ifname, t.mac, t.address, t.interval);
            }
        }
    } catch (...) {
    }
}

} // namespace vigil::vrrpd
