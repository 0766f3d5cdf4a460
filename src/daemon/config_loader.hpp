#pragma once
// Loading the configuration for a normal run (parent at start-up and on SIGHUP, VRRP child on
// SIGHUP): parser-bind's load_config_file with the command line's options and the live
// system catalog; every diagnostic is logged in keepalived's "(file: Line N) message" form.
// Fatal diagnostics make the result unusable (nullptr); other errors are logged and the
// effective model (invalid parts dropped, as keepalived does) is used.

#include "config/model.hpp"
#include "daemon/command_line.hpp"

#include <memory>

namespace vigil::daemon {

std::shared_ptr<const config::Config> load_model(const Options& options);

} // namespace vigil::daemon
