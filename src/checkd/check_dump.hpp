#pragma once
// keepalived_check.data, the checker child's SIGUSR1 dump (check_data.c dump_check_data,
// check_api.c dump_checker): the LVS topology with each virtual and real server's settings and
// state, then every health checker's, line for line as keepalived 2.2.7 writes them (vm-lvs
// compares them), after keepalived's global definitions section (process/parent_dump.hpp).

#include "check/engine.hpp"
#include "config/model.hpp"
#include "process/parent_dump.hpp"

#include <string>
#include <vector>

namespace vigil::checkd {

// `last_errnos`: per checker id, the errno of its last failed socket call (0: none; may be
// shorter than the checkers).
// `facts`: the checker process's (process::DumpingProcess::checker).
std::string format_check_data(const config::Config& config, const process::GlobalFacts& facts,
                              const check::Engine& engine, const std::vector<int>& last_errnos);

} // namespace vigil::checkd
