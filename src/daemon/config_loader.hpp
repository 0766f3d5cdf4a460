#pragma once
// Loading the configuration for a normal run (parent at start-up and on SIGHUP, VRRP child on
// SIGHUP): parser-bind's load_config_file with the command line's options and the live
// system catalog; every diagnostic is logged in keepalived's "(file: Line N) message" form.
// At start-up (ConfigUse::start) fatal diagnostics make the result unusable (nullptr); other
// errors are logged and the effective model (invalid parts dropped, as keepalived does) is used.
// On SIGHUP (ConfigUse::reload) any error refuses the new configuration (nullptr), so a bad
// edit never touches the running state (keepalived 2.2.7 does this only with
// reload_check_config; vigil always does).

#include "config/model.hpp"
#include "daemon/command_line.hpp"

#include <memory>

namespace vigil::daemon {

enum class ConfigUse { start, reload };

std::shared_ptr<const config::Config> load_model(const Options& options, ConfigUse use);

} // namespace vigil::daemon
