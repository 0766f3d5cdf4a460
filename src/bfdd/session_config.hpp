#pragma once
// bfd_instance blocks (config::BfdInstance) as the BFD core's session settings.

#include "bfd/session_settings.hpp"
#include "config/model.hpp"

#include <vector>

namespace vigil::bfdd {

// The sessions the BFD child runs: every bfd_instance keepalived's BFD process would run
// (BfdInstance::runs_), in configuration order. Differences from keepalived 2.2.7, both on
// the side of RFC 5881 section 5:
//  - without `ttl`/`hoplimit`, packets are sent with TTL / Hop Limit 255 for IPv6 too
//    (keepalived sends 64, which FRR and BIRD drop);
//  - the receive check stays keepalived's (IPv6 without `hoplimit`: at least 64 - max_hops),
//    so keepalived peers sending 64 still come up.
std::vector<bfd::SessionSettings> session_settings(const config::Config& config);

// One block's settings (its neighbour must be set).
bfd::SessionSettings session_settings(const config::BfdInstance& instance);

} // namespace vigil::bfdd
