#pragma once
// keepalived 2.2.7's checks and derivations of the LVS configuration after reading it
// (check_daemon.c start_check: ipwrapper.c link_vsg_to_vs, check_data.c
// validate_check_config and check_check_script_security, check_misc.c's script users),
// and of the global lvs_sync_daemon against the VRRP instances (vrrp.c
// vrrp_complete_init).
//
// Contract: after validate_lvs() every remaining virtual server has its scheduler,
// protocol (none for fwmark services), persistence, quorum, hysteresis and smtp_alert
// derived; its real servers have forwarding, weight, port, inhibit, alpha, smtp_alert and
// timers derived; launched checkers have retry, delay_before_retry, warmup, delay_loop,
// connect_timeout and alpha derived. Virtual servers, real servers and checkers keepalived
// drops are removed. Each problem is reported once, with keepalived's wording; what
// keepalived only logs (and `-t` does not show) is reported as a notice.

#include "config/model.hpp"
#include "parser/diagnostics.hpp"
#include "parser/validate_config.hpp"

namespace vigil::parser {

void validate_lvs(config::Config& cfg, const SystemCatalog& system, Diagnostics& diagnostics);

} // namespace vigil::parser
