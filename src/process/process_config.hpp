#pragma once
// The parent's view of a loaded configuration (ProcessConfig) from the model.

#include "config/model.hpp"
#include "process/supervisor.hpp"

namespace vigil::process {

ProcessConfig process_config_of(const config::Config& config);

// Whether the configuration needs the VRRP child (ProcessConfig::has_vrrp): instances, or
// static addresses, routes or rules.
bool has_vrrp(const config::Config& config) noexcept;

// Whether the configuration has any script to run (startup/shutdown, notify, FIFO, vrrp_script).
// Without one, the default script user is never needed and is not looked up: the lookup of
// `keepalived_script` loads the NSS modules into the process for nothing (issue 4).
bool runs_scripts(const config::Config& config);

} // namespace vigil::process
