#pragma once
// The VRRP process's scheduling settings from global_defs, applied by the VRRP child at
// start-up, before it drops its capabilities (mlockall needs CAP_IPC_LOCK):
//   vrrp_priority N        nice value (-20..19) of the process
//   vrrp_rt_priority N     SCHED_RR at priority N (1..99), with RLIMIT_RTTIME set to
//                          vrrp_rlimit_rttime µs so that a runaway loop cannot starve the host
//   vrrp_cpu_affinity CPU... the CPUs it may run on (numbers or ranges such as 0-3)
//   vrrp_no_swap           mlockall(MCL_CURRENT | MCL_FUTURE)
// Failures are logged and the daemon runs on with the default.

#include "config/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::process {

// CPU numbers named by vrrp_cpu_affinity words ("2", "0-3"); nullopt for a malformed word.
std::optional<std::vector<unsigned>> parse_cpu_list(const std::vector<std::string>& words);

void apply_vrrp_scheduling(const config::GlobalDefs& global) noexcept;

} // namespace vigil::process
