#include "bfdd/session_config.hpp"

namespace vigil::bfdd {
namespace {

// RFC 5881 section 5.
constexpr unsigned single_hop_ttl = 255;
// keepalived's BFD_CONTROL_HOPLIMIT: its IPv6 default, used here for the receive check only.
constexpr unsigned keepalived_hop_limit = 64;
// keepalived reads max_hops into a uint8_t: -1 becomes 255, which turns the check off.
constexpr int unchecked_hops = 255;

} // namespace

bfd::SessionSettings session_settings(const config::BfdInstance& b) {
    bfd::SessionSettings s;
    s.name = b.name_;
    s.neighbor = *b.neighbor_;
    s.source = b.source_;
    s.required_min_rx = b.min_rx_;
    s.desired_min_tx = b.min_tx_;
    s.idle_min_tx = b.idle_tx_;
    s.detect_mult = static_cast<std::uint8_t>(b.multiplier_);
    s.role = b.passive_ ? bfd::Role::passive : bfd::Role::active;
    s.hop = bfd::Hop::single;
    s.send_ttl = static_cast<std::uint8_t>(b.ttl_.value_or(single_hop_ttl));
    const bool ipv4 = b.neighbor_->family() == net::Family::ipv4;
    const int check_ttl = static_cast<int>(b.ttl_.value_or(ipv4 ? single_hop_ttl : keepalived_hop_limit));
    const int hops = b.max_hops_ < 0 ? unchecked_hops : b.max_hops_;
    s.min_received_ttl = hops == unchecked_hops || hops >= check_ttl ? 0 : static_cast<std::uint8_t>(check_ttl - hops);
    if (b.notify_vrrp_ == b.notify_checker_) {
        s.consumers = bfd::Consumers::both; // neither keyword: both
    } else {
        s.consumers = b.notify_vrrp_ ? bfd::Consumers::vrrp : bfd::Consumers::checker;
    }
    return s;
}

std::vector<bfd::SessionSettings> session_settings(const config::Config& config) {
    std::vector<bfd::SessionSettings> out;
    for (const config::BfdInstance& b : config.bfd_instances_) {
        if (b.runs_ && b.neighbor_) {
            out.push_back(session_settings(b));
        }
    }
    return out;
}

} // namespace vigil::bfdd
