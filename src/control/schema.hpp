#pragma once
// The replies' JSON, version 1: the one schema behind the socket and every `vigil ... --json`
// (the human output may change; this does not, except by adding members). The golden files
// under tests/unit/control/golden pin it; docs/control-protocol.md documents each member.
//
// Reason codes (InstanceView::last_reason, EventView::reason): "none", "init", "timeout"
// (Master_Down_Timer expired), "higher_priority" (a better master advertised), "fault",
// "recovered", "vip_deleted", "sync_group", "stop", "reload", "removed".

#include "control/json.hpp"
#include "control/views.hpp"

namespace vigil::control {

Json to_json(const TrackerView& tracker);
Json to_json(const InstanceView& instance);
Json to_json(const GroupView& group);
Json to_json(const EventView& event);
Json to_json(const DaemonView& daemon);
Json to_json(const ReloadPreview& preview);
Json to_json(const ProcessesView& processes); // the `processes` result

// The results of status, stats and explain.
Json status_result(const StatusView& status);
Json stats_result(const StatusView& status);
Json explain_result(const InstanceView& instance, const std::vector<std::string>& explanation);

} // namespace vigil::control
