// Advert endpoints: which socket (interface, family, protocol, multicast group or unicast
// source) each instance sends and receives on, shared between instances through the pool.
#include "vrrpd/vrrp_child.hpp"

#include "util/log.hpp"

namespace vigil::vrrpd {

std::optional<rawip::AdvertEndpoint> VrrpChild::endpoint_for(InstanceId id) const {
    const vrrp::InstanceConfig& c = instance_config(id);
    const netlink::Interface* itf = catalog_.find(c.interface);
    if (itf == nullptr) {
        return std::nullopt;
    }
    rawip::AdvertEndpoint e;
    e.ifindex = itf->index;
    e.family = c.family;
    e.protocol = c.auth_type == vrrp::AuthType::ah ? vrrp::ip_protocol_ah : vrrp::ip_protocol_vrrp;
    if (!c.unicast_peers.empty()) {
        std::optional<net::IpAddress> src = c.source;
        if (!src) {
            src = c.family == net::Family::ipv4 ? itf->primary_ipv4() : itf->link_local_ipv6();
        }
        if (!src) {
            return std::nullopt;
        }
        e.unicast_source = src;
    } else {
        e.multicast_group = c.multicast_group.value_or(c.family == net::Family::ipv4 ? vrrp::vrrp_multicast_v4
                                                                                     : vrrp::vrrp_multicast_v6);
    }
    return e;
}

void VrrpChild::attach(InstanceId id) {
    if (runtime_[id].endpoint) {
        return;
    }
    const std::optional<rawip::AdvertEndpoint> e = endpoint_for(id);
    if (!e) {
        return;
    }
    try {
        rawip::AdvertSocket& socket = sockets_.acquire(*e);
        runtime_[id].endpoint = *e;
        for (OpenEndpoint& o : open_) {
            if (o.endpoint == *e) {
                ++o.users;
                return;
            }
        }
        open_.push_back({*e, socket.fd(), 1});
        const rawip::AdvertEndpoint copy = *e;
        [[maybe_unused]] auto ec =
            loop_.add_reader(socket.fd(), [this, copy](std::uint32_t) { on_readable(copy); }, runtime::ReaderPace::burst);
        if (e->unicast_source) {
            log::detail("VRRP sockpool: [ifindex({:3}), family({}), proto({}), fd({},{}) , unicast, address({})]",
                        e->ifindex, e->family == net::Family::ipv4 ? "IPv4" : "IPv6", e->protocol, socket.fd(),
                        socket.fd() + 1, *e->unicast_source);
        } else {
            log::detail("VRRP sockpool: [ifindex({:3}), family({}), proto({}), fd({},{}) multicast, address({})]",
                        e->ifindex, e->family == net::Family::ipv4 ? "IPv4" : "IPv6", e->protocol, socket.fd(),
                        socket.fd() + 1, e->multicast_group);
        }
    } catch (const std::exception& ex) {
        log::error("({}) Unable to open VRRP socket - {}", instance_config(id).name, ex.what());
    }
}

void VrrpChild::detach(InstanceId id) noexcept {
    if (id >= runtime_.size() || !runtime_[id].endpoint) {
        return;
    }
    const rawip::AdvertEndpoint e = *runtime_[id].endpoint;
    runtime_[id].endpoint.reset();
    release(e);
}

void VrrpChild::release(const rawip::AdvertEndpoint& e) noexcept {
    for (auto it = open_.begin(); it != open_.end(); ++it) {
        if (it->endpoint == e) {
            if (--it->users == 0) {
                loop_.remove_reader(it->fd);
                open_.erase(it);
            }
            break;
        }
    }
    sockets_.release(e);
}

void VrrpChild::attach_endpoints() {
    for (InstanceId id = 0; id < instance_count(); ++id) {
        attach(id);
    }
}

} // namespace vigil::vrrpd
