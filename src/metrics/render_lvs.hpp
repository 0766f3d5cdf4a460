#pragma once
// The checker process's metrics text (Prometheus text format 0.0.4), pure and deterministic
// (golden file tests/unit/metrics/golden/lvs.prom). Families, all vigil_lvs_*, labels
// vs (the virtual server's keepalived text, "[192.0.2.1]:tcp:80", "FWM 7", "[GROUP]:1") and
// rs (the real server's, "[192.0.2.10]:tcp:80"): one series per configured virtual server,
// real server and checker type, so the label sets are bounded by the configuration.
//   vigil_lvs_virtual_server_up{vs}             its IPVS service is in the table
//   vigil_lvs_virtual_server_quorum_up{vs}      the quorum is met (keepalived's quorum_state_up)
//   vigil_lvs_virtual_server_sorry_active{vs}   the sorry server is in use
//   vigil_lvs_real_server_up{vs,rs}             all its checkers up
//   vigil_lvs_real_server_weight{vs,rs}         the weight IPVS has (0 when inhibited or out)
//   vigil_lvs_real_server_configured_weight{vs,rs}
//   vigil_lvs_checker_failures_total{vs,rs,checker}  failed attempts, per checker type
// None of the VRRP process's families (render.hpp): the two texts are served one after the
// other.

#include "control/lvs_views.hpp"

#include <string>

namespace vigil::metrics {

std::string render_lvs(const control::LvsStatusView& status);

} // namespace vigil::metrics
