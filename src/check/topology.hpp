#pragma once
// The run-time state of the virtual servers and their groups (check_data.h
// virtual_server_t, virtual_server_group_t), built from the configuration.
//
//  - VirtualServerState::alive: its IPVS service(s) were added.
//  - quorum_up: the last quorum transition was "gained" (keepalived's quorum_state_up).
//  - A group is shared by the virtual servers naming it (one per protocol, usually); each
//    entry counts, per protocol and fwmark family, the destinations added through it, which
//    decides when its services are created and deleted (ipvswrapper.c, vsge alive counts).

#include "check/server_state.hpp"
#include "config/lvs_model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::check {

struct GroupEntryState {
    const config::VirtualServerGroupEntry* config = nullptr;
    // keepalived keeps these unsigned and lets them wrap; so do we.
    unsigned tcp_alive = 0;
    unsigned udp_alive = 0;
    unsigned sctp_alive = 0;
    unsigned fwm4_alive = 0;
    unsigned fwm6_alive = 0;
    bool reloaded = false;
};

struct GroupState {
    const config::VirtualServerGroup* config = nullptr;
    std::vector<GroupEntryState> entries; // as written
};

struct VirtualServerState {
    const config::VirtualServer* config = nullptr;
    std::string name; // "[ADDR]:PROTO:PORT", "FWM N", "[GROUP]:N"
    GroupState* group = nullptr;
    std::optional<net::Family> family; // keepalived's vs->af (unset for some groups)
    config::LvsProtocol protocol = config::LvsProtocol::none;
    bool alive = false;
    bool quorum_up = false;
    bool reloaded = false;
    bool omega = false;
    bool smtp_alert = false;
    int ha_suspend_addresses = 0;
    std::optional<ServerState> sorry;
    bool sorry_duplicates_rs = false;
    std::vector<ServerState> servers;
};

struct Topology {
    std::vector<GroupState> groups;
    std::vector<VirtualServerState> virtual_servers;
};

// The state of every virtual server of `lvs` (nothing alive, nothing added).
// Group pointers point into `topology.groups`, which must not be resized afterwards.
void build_topology(const config::LvsConfig& lvs, Topology& topology);

// Sum of the IPVS weights of the alive real servers (keepalived's weigh_live_realservers).
std::int64_t live_weight(const VirtualServerState& vs) noexcept;

} // namespace vigil::check
