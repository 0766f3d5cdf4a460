#pragma once
// keepalived's reload model, as pure functions (§2 "Reload"): which new instance continues
// which old one, and which addresses changed.

#include "vrrp/actions.hpp"
#include "vrrp/instance_config.hpp"

#include <optional>
#include <span>
#include <vector>

namespace vigil::vrrp {

// For each new instance, the old instance it continues, or nullopt (a new instance).
// keepalived pairs instances by VRID, address family and interface (unicast instances
// also by their source address) and multicast group; never by name. Each old instance
// continues at most one new one (the first in configuration order).
std::vector<std::optional<InstanceId>> match_instances(std::span<const InstanceConfig> old_ones,
                                                       std::span<const InstanceConfig> new_ones);

// The VIPs, eVIPs, routes and rules of `from` that `to` no longer has.
AddressSet address_difference(const InstanceConfig& from, const InstanceConfig& to);

} // namespace vigil::vrrp
