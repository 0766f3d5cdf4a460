#pragma once
// keepalived_check.data, the checker child's SIGUSR1 dump (check_data.c dump_check_data,
// check_api.c dump_checker): the LVS topology with each virtual and real server's state, then
// every health checker's. keepalived says its format is not stable; vigil writes the lines
// operators grep (alive, quorum_state_up, num failed checkers, RS set, Up, Has run, ...) with
// keepalived's wording, not every line keepalived writes.

#include "check/engine.hpp"
#include "config/model.hpp"

#include <string>

namespace vigil::checkd {

std::string format_check_data(const config::Config& config, const check::Engine& engine);

} // namespace vigil::checkd
