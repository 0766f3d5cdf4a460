#include "check/server_state.hpp"

#include "check/names.hpp"

namespace vigil::check {

namespace {

void apply_forwarding(ServerState& state, const config::Forwarding& f) {
    switch (f.method_) {
    case config::ForwardingMethod::nat:
        state.forwarding = ipvs::Forwarding::masquerade;
        break;
    case config::ForwardingMethod::dr:
        state.forwarding = ipvs::Forwarding::direct_route;
        break;
    case config::ForwardingMethod::tun:
        state.forwarding = ipvs::Forwarding::tunnel;
        break;
    }
    switch (f.tunnel_type_) {
    case config::TunnelType::ipip:
        state.tunnel_type = ipvs::TunnelType::ipip;
        break;
    case config::TunnelType::gue:
        state.tunnel_type = ipvs::TunnelType::gue;
        break;
    case config::TunnelType::gre:
        state.tunnel_type = ipvs::TunnelType::gre;
        break;
    }
    state.tunnel_port = f.tunnel_port_;
    switch (f.tunnel_checksum_) {
    case config::TunnelChecksum::nocsum:
        state.tunnel_flags = 0;
        break;
    case config::TunnelChecksum::csum:
        state.tunnel_flags = ipvs::tunnel_flag::csum;
        break;
    case config::TunnelChecksum::remcsum:
        state.tunnel_flags = ipvs::tunnel_flag::remcsum;
        break;
    }
}

} // namespace

ServerState real_server_state(const config::RealServer& rs, const config::VirtualServer& vs) {
    ServerState state;
    state.config = &rs;
    state.address = rs.address_;
    state.port = rs.port_;
    state.name = trio(rs.address_, vs.protocol_, rs.port_);
    apply_forwarding(state, rs.forwarding_.value_or(config::Forwarding{}));
    state.upper_threshold = rs.uthreshold_;
    state.lower_threshold = rs.lthreshold_;
    state.configured_weight = rs.weight_.value_or(vs.weight_);
    state.effective_weight = state.configured_weight;
    // keepalived's peffective_weight: 0 until a reload carries the running weight over.
    state.previous_weight = 0;
    state.inhibit = rs.inhibit_on_failure_.value_or(vs.inhibit_on_failure_);
    state.smtp_alert = rs.smtp_alert_.value_or(true);
    return state;
}

ServerState sorry_server_state(const config::SorryServer& ss, const config::VirtualServer& vs) {
    ServerState state;
    state.address = ss.address_;
    state.port = ss.port_;
    state.name = trio(ss.address_, vs.protocol_, ss.port_);
    apply_forwarding(state, ss.forwarding_.value_or(vs.forwarding_.value_or(config::Forwarding{})));
    state.configured_weight = 1;
    state.effective_weight = 1;
    state.previous_weight = 1;
    state.inhibit = ss.inhibit_;
    return state;
}

} // namespace vigil::check
