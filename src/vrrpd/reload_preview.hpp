#pragma once
// `vigil reload --preview`: what a reload to a new engine configuration would change,
// computed by running the engine's own reload (vrrp::Router::reload) on a copy of the
// running Router, with its log lines muted: instances added, removed and changed (the
// settings that differ, VIPs added and removed), and the state each would be in right after
// the reload, or the takeover that follows when a backup now outranks the master it hears
// ("MASTER (preempts 192.0.2.1 with priority 110 > 100)"). Pure: nothing of the running
// daemon is touched.

#include "control/views.hpp"
#include "vrrp/router.hpp"

#include <optional>
#include <span>
#include <vector>

namespace vigil::vrrpd {

control::ReloadPreview preview_reload(const vrrp::Router& running, std::vector<vrrp::InstanceConfig> instances,
                                      std::vector<vrrp::SyncGroupConfig> groups, vrrp::TimePoint now,
                                      std::span<const std::optional<net::IpAddress>> sources);

// "192.0.2.100/32" (the address and its prefix length).
std::string vip_text(const vrrp::VirtualAddress& vip);

} // namespace vigil::vrrpd
