#pragma once
// keepalived 2.2.7's script security checks (lib/notify.c check_script_secure, main.c
// check_start_stop_script_secure, vrrp.c check_vrrp_script_security): which scripts keepalived
// keeps, and the SECURITY VIOLATION (-t exit 6) when scripts run without
// enable_script_security.

#include "config/model.hpp"
#include "parser/bind_context.hpp"

namespace vigil::parser {

// check_script_secure() of one command run as `owner` (nullopt: the command's own user, else
// the default script user): what keepalived finds.
struct ScriptSecurity {
    bool system = false;      // a "</path" file test, never executed
    bool found = false;       // a script (SC_ISSCRIPT)
    bool executable = false;  // executable by its user
    bool insecure = false;    // runs as root and unsafe
    bool inhibit = false;     // insecure under enable_script_security
};
ScriptSecurity check_script_secure(BindContext& ctx, const config::Command& c,
                                   const std::optional<config::UserGroup>& owner);

// The parent's check of startup_script/shutdown_script (after its reading).
void check_start_stop_scripts(config::Config& cfg, BindContext& ctx);

// The VRRP process's check (when there are vrrp instances): vrrp_scripts, notify scripts of
// instances and sync groups, the notify FIFO scripts. Insecure or missing scripts are
// dropped, with keepalived's messages.
void check_vrrp_scripts(config::Config& cfg, BindContext& ctx);

// vrrp_complete_init()'s last check, made only by the running VRRP process (after `-t` has
// returned): "Warning - script NAME is not used" for each vrrp_script no instance or sync
// group tracks (Audience::journal). The model keeps the script (it is never run).
void report_unused_vrrp_scripts(const config::Config& cfg, BindContext& ctx);

} // namespace vigil::parser
