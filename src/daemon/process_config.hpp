#pragma once
// The parent's view of a loaded configuration (ProcessConfig) from the model.

#include "config/model.hpp"
#include "daemon/supervisor.hpp"

namespace vigil::daemon {

ProcessConfig process_config_of(const config::Config& config);

} // namespace vigil::daemon
