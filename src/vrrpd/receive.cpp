// The receive path: adverts read in batches, decoded, validated against each instance they
// may be for (RFC 3768/5798 section 7.1), counted, and handed to the engine.
#include "vrrpd/vrrp_child.hpp"

#include "util/log.hpp"
#include "vrrp/codec.hpp"
#include "vrrpd/engine_config.hpp"

namespace vigil::vrrpd {

void VrrpChild::on_readable(const rawip::AdvertEndpoint& endpoint) noexcept {
    rawip::AdvertSocket* socket = sockets_.find(endpoint);
    if (socket == nullptr) {
        return;
    }
    for (std::size_t received = 0; received < receive_budget;) {
        std::size_t count = 0;
        if (socket->receive_batch(batch_, count) || count == 0) {
            break;
        }
        const vrrp::TimePoint now = vrrp::Clock::now();
        for (std::size_t i = 0; i < count; ++i) {
            handle_packet(endpoint, batch_[i], now);
        }
        received += count;
        if (count < batch_.slots()) {
            break; // drained; level-triggered epoll wakes us for anything newer
        }
    }
    rearm();
}

void VrrpChild::handle_packet(const rawip::AdvertEndpoint& endpoint, const rawip::ReceivedAdvert& packet,
                              vrrp::TimePoint now) noexcept {
    vrrp::DropReason reason;
    if (endpoint.family == net::Family::ipv4) {
        vrrp::DecodeOptions options;
        options.ipv4_multicast_group = model_->global_.vrrp_mcast_group4_;
        reason = vrrp::decode_ipv4(packet.packet, decoded_, options);
    } else {
        reason = vrrp::decode_ipv6(packet.packet, {packet.source, packet.destination, packet.ttl}, decoded_);
    }
    if (reason == vrrp::DropReason::too_short || reason == vrrp::DropReason::bad_ip_header ||
        reason == vrrp::DropReason::ah_not_vrrp) {
        if (!runtime_.empty()) {
            runtime_[0].drops.record_unattributed(reason, decoded_, now);
        }
        return;
    }
    const netlink::Interface* itf = catalog_.find(endpoint.ifindex);
    if (itf == nullptr) {
        return;
    }
    const std::span<const InstanceId> ids = router_->find(itf->name, endpoint.family, decoded_.advert.vrid);
    if (ids.empty() && model_->global_.log_unknown_vrids_) {
        log::info("Unknown VRID({}) received on interface({}). ignoring...", decoded_.advert.vrid, itf->name);
    }
    vrrp::Actions actions;
    for (const InstanceId id : ids) {
        Runtime& r = runtime_[id];
        if (r.endpoint != endpoint) {
            continue;
        }
        const vrrp::Instance& instance = router_->instance(id);
        if (instance.state() == vrrp::State::init || instance.state() == vrrp::State::fault) {
            continue;
        }
        InstanceExtras& extras = engine_.extras[id];
        vrrp::ReceiveExpectations expect = expectations_of(instance.config(), extras, instance.effective_priority());
        if (extras.skip_check_adv_addr && r.last_master == decoded_.meta.source) {
            expect.vip_check = vrrp::VipCheck::skip;
        }
        expect.ah_sequence = r.ah_sequence.value();
        const vrrp::Verdict verdict = vrrp::validate(decoded_, expect);
        if (verdict.ah_sequence) {
            r.ah_sequence.received(*verdict.ah_sequence, instance.state() == vrrp::State::backup);
        }
        r.drops.record(instance.name(), verdict, decoded_, expect, r.stats, now);
        if (verdict.checksum_switch == vrrp::ChecksumSwitch::to_old_unicast) {
            extras.unicast_checksum = vrrp::UnicastChecksum::old;
        }
        if (!verdict.accepted()) {
            report_drop(id, verdict.reason, decoded_.meta.source);
            continue;
        }
        r.last_master = decoded_.meta.source;
        const bool was_master = instance.state() == vrrp::State::master;
        router_->on_advert(id, vrrp::received_advert(decoded_.advert, decoded_.meta), now, actions);
        if (was_master && verdict.ah_sequence &&
            router_->instance(id).state() == vrrp::State::backup) {
            r.ah_sequence.yielded();
        }
    }
    execute(actions);
}

} // namespace vigil::vrrpd
