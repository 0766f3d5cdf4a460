#pragma once
// The metrics text (Prometheus text format 0.0.4) from a status view. Pure and
// deterministic: golden-file tested (tests/unit/metrics).
//
// Native family, vigil_* (Prometheus naming: base units, `_total` counters, states as one
// 0/1 series per state): labels vrrp_instance, interface, vrid, family (never `instance`,
// which Prometheus sets to the target).
//
// Compatibility families (CompatFamilies), off unless asked for, copy the names, types,
// labels and value encodings of the two keepalived exporters, so that their dashboards work
// unchanged (docs/metrics.md lists them and the differences):
//  - mehdy/keepalived-exporter: keepalived_up, keepalived_vrrp_state (one series per VIP),
//    keepalived_*_total counters with iname/intf/vrid, keepalived_script_status/state,
//    keepalived_gratuitous_arp_delay_total, keepalived_exporter_build_info;
//  - gen2brain/keepalived_exporter: keepalived_up and keepalived_vrrp_* counters (no _total)
//    with name/intf/vrid/state. Its keepalived_vrrp_ip_ttl_err reported the interval error
//    count (an exporter bug); ours is the real TTL error count.

#include "control/views.hpp"

#include <cstdint>
#include <string>

namespace vigil::metrics {

struct CompatFamilies {
    bool mehdy = false;
    bool gen2brain = false;
};

// "mehdy", "gen2brain", "all", comma-separated; false for an unknown word.
bool parse_compat(std::string_view text, CompatFamilies& out);

std::string render(const control::StatusView& status, const CompatFamilies& compat);

} // namespace vigil::metrics
