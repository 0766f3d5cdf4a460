#pragma once
// The scripts of the LVS configuration (MISC_CHECK, notify_up/notify_down, quorum_up/
// quorum_down, the notify FIFO scripts): the users they run as, and keepalived's script
// security check of the checker process (check_data.c check_check_script_security,
// check_misc.c check_misc_script_security; reference keepalived-2.2.7.md §6).

#include "config/model.hpp"
#include "parser/bind_context.hpp"
#include "parser/validate_config.hpp"

namespace vigil::parser {

// What keepalived decides while reading the scripts: a MISC_CHECK whose user (given, or
// the default script user) cannot be set is removed with a message; a notify script is
// dropped with a log line only.
void check_script_users(config::Config& cfg, const SystemCatalog& system, BindContext& ctx);

// After validation: scripts that are missing or (with enable_script_security) unsafe are
// disabled; existing scripts without enable_script_security are a security violation.
void check_lvs_script_security(config::Config& cfg, const SystemCatalog& system, BindContext& ctx);

} // namespace vigil::parser
