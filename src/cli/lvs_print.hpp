#pragma once
// The human form of the checker process's `status` and `stats` results (vigil(1)): the
// virtual servers, their real servers and checkers, after the VRRP part.

#include "control/json.hpp"

namespace vigil::cli {

int print_lvs_status(const control::Json& result);
int print_lvs_stats(const control::Json& result);

} // namespace vigil::cli
