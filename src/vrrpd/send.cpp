// The send path: an engine SendAdvert encoded (IPv4 with its envelope and AH, or IPv6) and
// sent to the multicast group or to every unicast peer.
#include "vrrpd/vrrp_child.hpp"

#include "util/log.hpp"
#include "vrrp/codec.hpp"

namespace vigil::vrrpd {

void VrrpChild::send_advert(const vrrp::SendAdvert& action, const Context& context) noexcept {
    if (stopping_ && settings_.dont_release_vrrp && action.priority == 0) {
        return;
    }
    // During the retire half of a reload, runtime_ still belongs to the old instances.
    const vrrp::InstanceConfig* config = context.instance(action.instance);
    if (config == nullptr || action.instance >= runtime_.size()) {
        return;
    }
    const vrrp::InstanceConfig& c = *config;
    const InstanceExtras& extras = context.engine->extras[action.instance];
    Runtime& r = runtime_[action.instance];
    if (!r.endpoint) {
        return;
    }
    rawip::AdvertSocket* socket = sockets_.find(*r.endpoint);
    std::optional<net::IpAddress> source = c.source ? c.source : r.reported_source;
    if (socket == nullptr || !source) {
        return;
    }
    try {
        const vrrp::Advert advert = vrrp::make_advert(c, action);
        std::vector<net::IpAddress> destinations = c.unicast_peers;
        if (destinations.empty()) {
            destinations.push_back(r.endpoint->multicast_group);
        }
        // One AH number per advert, whatever the number of unicast peers (keepalived numbers
        // the packet once, then only readdresses it).
        const std::uint32_t ah_sequence =
            c.auth_type == vrrp::AuthType::ah && c.family == net::Family::ipv4
                ? r.ah_sequence.next_to_send(action.ah)
                : 0;
        const std::uint8_t ttl = c.unicast_peers.empty() ? vrrp::vrrp_ttl : extras.unicast_ttl.value_or(vrrp::vrrp_ttl);
        for (const net::IpAddress& dest : destinations) {
            out_.clear();
            rawip::AdvertDestination to;
            to.address = dest;
            to.source = *source;
            to.hop_limit = ttl;
            if (c.family == net::Family::ipv4) {
                vrrp::Ipv4Envelope env;
                env.source = *source;
                env.destination = dest;
                env.id = ++r.ip_id;
                env.ttl = ttl;
                env.checksum_form = extras.unicast_checksum == vrrp::UnicastChecksum::old && !c.unicast_peers.empty()
                                        ? vrrp::ChecksumForm::old_unicast
                                        : vrrp::ChecksumForm::standard;
                env.multicast_group = context.model->global_.vrrp_mcast_group4_;
                if (c.auth_type == vrrp::AuthType::ah) {
                    // The key is auth_pass (8 bytes, NUL padded); the sequence counter is the
                    // one received adverts also advance (keepalived shares it).
                    env.ah_key = c.auth_data;
                    env.ah_sequence = ah_sequence;
                }
                vrrp::encode_ipv4(advert, env, out_);
            } else {
                vrrp::encode_ipv6(advert, *source, dest, out_);
            }
            if (const std::error_code ec = socket->send(out_, to)) {
                // keepalived (vrrp.c vrrp_send_adv) stays silent about a priority-0 advert
                // that cannot leave a down interface.
                const netlink::Interface* itf = catalog_.find(c.interface);
                if (action.priority == 0 && ec == std::errc::network_unreachable && (itf == nullptr || !itf->up())) {
                    continue;
                }
                if (c.unicast_peers.empty()) {
                    log::info("({}): send advert error {} ({})", c.name, ec.value(), ec.message());
                } else {
                    log::info("({}) Cant send advert to {} ({})", c.name, dest, ec.message());
                }
                continue;
            }
        }
        ++r.stats.advert_sent;
        if (action.priority == 0) {
            ++r.stats.pri_zero_sent;
        }
    } catch (...) {
    }
}

} // namespace vigil::vrrpd
