#pragma once
// What the simulation warns about (Timeline::flags):
//  - from the configurations: peers (instances of one VRID and family on the LAN) that
//    disagree on version, advert_int, authentication, VIP list, unicast/multicast or group
//    (`mismatch`); tracking weights that can never change which peer is master
//    (`weights`); VIPs that do not accept traffic (vrrp_strict without accept:
//    `vip-unreachable`);
//  - from the timeline: moments with two masters (`two-masters`) or none after a first
//    election (`no-master`) per VRID; adverts a peer's receive checks dropped (`dropped`).

#include "simulate/node.hpp"
#include "simulate/timeline.hpp"

#include <vector>

namespace vigil::simulate {

void add_flags(const std::vector<Node>& nodes, Timeline& timeline);

} // namespace vigil::simulate
