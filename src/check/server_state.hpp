#pragma once
// The run-time state of one real server or sorry server, as keepalived keeps it
// (check_data.h real_server_t): its IPVS destination settings and the flags the pool logic
// (check/pool.hpp) reads and writes.
//
//  - alive: the server counts as healthy (all its checkers up); for the sorry server: it is
//    in use.
//  - set: the destination is in the IPVS table (perhaps at weight 0 when inhibited).
//  - effective_weight: the configured weight plus the checkers' dynamic parts; IPVS gets it
//    clamped to 0..INT32_MAX (real_weight()).

#include "check/clock.hpp"
#include "config/lvs_model.hpp"
#include "ipvs/destination.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::check {

using CheckerIndex = std::uint32_t;

struct ServerState {
    const config::RealServer* config = nullptr; // null for a sorry server
    std::string name;                           // "[ADDR]:PROTO:PORT"
    net::IpAddress address;
    std::uint16_t port = 0; // as IPVS uses it (after keepalived's port rules)
    ipvs::Forwarding forwarding = ipvs::Forwarding::masquerade;
    ipvs::TunnelType tunnel_type = ipvs::TunnelType::ipip;
    std::uint16_t tunnel_port = 0;
    std::uint16_t tunnel_flags = 0;
    std::uint32_t upper_threshold = 0;
    std::uint32_t lower_threshold = 0;
    std::int64_t configured_weight = 0; // keepalived's iweight
    std::int64_t effective_weight = 0;
    std::int64_t previous_weight = 0;   // before a reload (peffective_weight)
    unsigned failed_checkers = 0;
    bool alive = false;
    bool set = false;
    bool inhibit = false;
    bool reloaded = false;
    bool smtp_alert = false;
    std::vector<CheckerIndex> checkers;
};

// keepalived's real_weight(): the weight IPVS is given.
constexpr std::int32_t real_weight(std::int64_t effective) noexcept {
    if (effective < 0) {
        return 0;
    }
    if (effective > config::ipvs_weight_limit) {
        return static_cast<std::int32_t>(config::ipvs_weight_limit);
    }
    return static_cast<std::int32_t>(effective);
}

// The destination settings of a real server (forwarding, weight, thresholds, tunnel).
ServerState real_server_state(const config::RealServer& rs, const config::VirtualServer& vs);
// A sorry server: weight 1, no thresholds.
ServerState sorry_server_state(const config::SorryServer& ss, const config::VirtualServer& vs);

// Same address and port (keepalived's rs_iseq).
inline bool same_server(const ServerState& a, const ServerState& b) noexcept {
    return a.address == b.address && a.port == b.port;
}

} // namespace vigil::check
