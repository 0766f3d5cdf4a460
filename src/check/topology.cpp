#include "check/topology.hpp"

#include "check/names.hpp"

namespace vigil::check {

void build_topology(const config::LvsConfig& lvs, Topology& topology) {
    topology.groups.clear();
    topology.virtual_servers.clear();
    topology.groups.reserve(lvs.groups_.size());
    for (const auto& group : lvs.groups_) {
        GroupState state;
        state.config = &group;
        for (const auto& entry : group.entries_) {
            state.entries.push_back(GroupEntryState{&entry});
        }
        topology.groups.push_back(std::move(state));
    }
    topology.virtual_servers.reserve(lvs.virtual_servers_.size());
    for (const auto& vs : lvs.virtual_servers_) {
        VirtualServerState state;
        state.config = &vs;
        state.name = virtual_server_text(vs);
        state.protocol = vs.protocol_;
        state.omega = vs.omega_;
        state.smtp_alert = vs.smtp_alert_.value_or(false);
        if (vs.kind_ == config::VirtualServerKind::group) {
            for (auto& group : topology.groups) {
                if (group.config->name_ == vs.group_) {
                    state.group = &group;
                    break;
                }
            }
            state.family = vs.family_;
        } else if (vs.kind_ == config::VirtualServerKind::address ||
                   (vs.kind_ == config::VirtualServerKind::fwmark && vs.fwmark_ == 0)) {
            state.family = vs.address_.family();
        } else {
            state.family = vs.family_.value_or(net::Family::ipv4);
        }
        state.servers.reserve(vs.real_servers_.size());
        for (const auto& rs : vs.real_servers_) {
            state.servers.push_back(real_server_state(rs, vs));
            if (vs.sorry_server_ && vs.sorry_server_->address_ == rs.address_ && vs.sorry_server_->port_ == rs.port_) {
                state.sorry_duplicates_rs = true;
            }
        }
        if (vs.sorry_server_) {
            state.sorry = sorry_server_state(*vs.sorry_server_, vs);
        }
        topology.virtual_servers.push_back(std::move(state));
    }
}

std::int64_t live_weight(const VirtualServerState& vs) noexcept {
    std::int64_t sum = 0;
    for (const auto& rs : vs.servers) {
        if (rs.alive) {
            sum += real_weight(rs.effective_weight);
        }
    }
    return sum;
}

} // namespace vigil::check
