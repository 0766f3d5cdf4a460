#pragma once
// Crash-safe VIPs (issue #17, beyond keepalived): removes from the kernel every VIP, eVIP,
// virtual route and virtual rule a configuration's VRRP instances would install, whoever
// added them. Used by the parent when its VRRP child died without releasing them (killed,
// crashed), and by `keepalived --release-vips-and-exit` (the unit's ExecStopPost= after an
// unclean stop), so that a dead node never keeps answering ARP for a VIP beside the new
// master.
//
// Contract: never throws; logs one line per address it removed and nothing for addresses
// that were not there; returns the number of addresses removed.

#include "config/model.hpp"

#include <cstddef>
#include <string_view>

namespace vigil::vrrpd {

std::size_t release_configured_addresses(const config::Config& config, std::string_view why) noexcept;

} // namespace vigil::vrrpd
