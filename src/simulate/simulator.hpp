#pragma once
// The simulation: nodes on one simulated LAN, driven by a scenario on a simulated clock.
// Deterministic: the same nodes, configurations and scenario give the same timeline.
//
// Order at one instant: scenario events (in written order), then packets arriving, then
// engine timers; packets sent at an instant arrive `latency` later (default 0: after
// everything the sending step did).

#include "simulate/node.hpp"
#include "simulate/scenario.hpp"
#include "simulate/timeline.hpp"

#include <optional>
#include <vector>

namespace vigil::simulate {

struct Options {
    std::vector<NodeSpec> nodes;
    std::vector<Event> events;
    std::optional<vrrp::Duration> until; // default: 10 s after the last event
    vrrp::Duration latency{0};
    std::uint64_t seed = 1; // loss draws
};

// Runs the scenario. Configuration problems go to Timeline::diagnostics; `ok` is false
// when a node cannot run at all (unreadable, no instance) or an event names an unknown
// node, tracker or file, and then the timeline is empty.
struct Result {
    Timeline timeline;
    bool ok = true;
};
Result run(const Options& options);

} // namespace vigil::simulate
