#pragma once
// The version banner operators grep for: keepalived logs "Starting Keepalived v2.2.7
// (01/16,2022)" and "Stopped Keepalived v2.2.7 (01/16,2022)". vigil keeps the
// "Keepalived v2.2.7" prefix (the compatibility level) and puts its own version in the
// parentheses where keepalived has its build date: "Keepalived v2.2.7 (vigil 0.1.0)".

#include "vigil_build_config.hpp"

namespace vigil::process {

inline constexpr const char* version_banner = "Keepalived v2.2.7 (vigil " VIGIL_VERSION ")";

} // namespace vigil::process
