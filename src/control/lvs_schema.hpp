#pragma once
// The checker process's replies' JSON, version 1 (as schema.hpp: members are only ever
// added; tests/unit/control/golden/lvs_*.json pin it; docs/control-protocol.md documents
// each member): `status` and `stats` with params.process "checker".

#include "control/json.hpp"
#include "control/lvs_views.hpp"

namespace vigil::control {

Json to_json(const LvsCheckerView& checker);
Json to_json(const LvsRealServerView& real_server);
Json to_json(const LvsVirtualServerView& virtual_server);

// {"daemon":{...},"virtual_servers":[...]}
Json lvs_status_result(const LvsStatusView& status);
// {"virtual_servers":[{"name":..,"real_servers":[{"name":..,"checkers":[{"type":..,
// "failures":N,"consecutive_failures":N}]}]}]}
Json lvs_stats_result(const LvsStatusView& status);

} // namespace vigil::control
