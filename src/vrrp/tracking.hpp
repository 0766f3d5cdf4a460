#pragma once
// keepalived's tracking arithmetic (keepalived 2.2.7 vrrp_track.c behaviour, §4 "Weights
// and effective priority"), as pure functions over the current tracker values.

#include "vrrp/instance_config.hpp"
#include "vrrp/timers.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vigil::vrrp {

// Interfaces report up/down, scripts OK/KO (after rise/fall), processes quorum
// gained/lost, BFD sessions Up/Down (Down until the BFD child first reports Up, as in
// keepalived). `unknown` = no result yet (a script that has not run): it counts as failing
// for unweighted trackers (the instance waits in INIT, silently, for the first result) and
// as neutral otherwise.
enum class TrackerHealth : std::uint8_t { unknown, up, down };

// The current value of one tracked object, owned by the Router.
struct Tracker {
    TrackerKind kind = TrackerKind::interface;
    std::string name;
    TrackerHealth health = TrackerHealth::unknown;
    std::int64_t value = 0; // track_file only
    // When health or value last changed (TimePoint{}: never reported), for `vigil explain`.
    TimePoint changed_at{};
};

// What one tracker does to one instance.
struct TrackEffect {
    std::int32_t delta = 0;   // added to the base priority
    bool fault = false;       // the instance must be in FAULT
};

// The effect of `tracker` on an instance that references it with `ref`:
//  - health trackers: weight w > 0 adds w while up, w < 0 adds w while down; `reverse`
//    negates the adjustment; w = 0 means FAULT while down (while up with reverse);
//  - files: value x weight capped to +/-253 (negated with reverse); a result <= -254 means
//    FAULT, and with weight 0 any non-zero value means FAULT.
TrackEffect track_effect(const TrackRef& ref, const Tracker& tracker) noexcept;

// The effective priority: base 255 (address owner) never changes; otherwise
// clamp(base + sum of deltas, 1, 254).
std::uint8_t effective_priority(std::uint8_t base, std::int64_t total_delta) noexcept;

// keepalived's config-time rules for weighted tracking, for the daemon to apply once after
// loading (with keepalived's warnings): in a sync group without
// sync_group_tracking_weight, and for address owners, weighted track_interfaces become
// unweighted (owners drop them), weighted track_scripts are removed, and track_file /
// track_process weights become 0.
void normalise_tracking(std::vector<InstanceConfig>& instances,
                        std::span<const SyncGroupConfig> groups);

} // namespace vigil::vrrp
