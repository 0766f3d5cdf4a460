#include "vrrp/tracking.hpp"

#include "util/log.hpp"

#include <algorithm>

namespace vigil::vrrp {

namespace {

constexpr std::int64_t file_cap = 253;
constexpr std::int64_t file_fault = -254;

bool in_group_without_weights(const InstanceConfig& instance,
                              std::span<const SyncGroupConfig> groups) {
    return std::any_of(groups.begin(), groups.end(), [&](const SyncGroupConfig& group) {
        return group.tracking_weight == Switch::off &&
               std::find(group.members.begin(), group.members.end(), instance.name) !=
                   group.members.end();
    });
}

} // namespace

TrackEffect track_effect(const TrackRef& ref, const Tracker& tracker) noexcept {
    const std::int32_t sign = ref.reverse == TrackerReverse::reverse ? -1 : 1;
    switch (tracker.kind) {
    case TrackerKind::interface:
    case TrackerKind::script:
    case TrackerKind::process:
    case TrackerKind::bfd: {
        if (ref.weight == 0) {
            const bool failing = ref.reverse == TrackerReverse::reverse
                                     ? tracker.health != TrackerHealth::down
                                     : tracker.health != TrackerHealth::up;
            return {0, failing};
        }
        if (tracker.health == TrackerHealth::unknown) {
            return {};
        }
        const bool up = tracker.health == TrackerHealth::up;
        if ((ref.weight > 0 && up) || (ref.weight < 0 && !up)) {
            return {sign * ref.weight, false};
        }
        return {};
    }
    case TrackerKind::file: {
        if (ref.weight == 0) {
            return {0, tracker.value != 0};
        }
        const std::int64_t scaled = tracker.value * ref.weight * sign;
        if (scaled <= file_fault) {
            return {0, true};
        }
        return {static_cast<std::int32_t>(std::clamp(scaled, -file_cap, file_cap)), false};
    }
    }
    return {};
}

std::uint8_t effective_priority(std::uint8_t base, std::int64_t total_delta) noexcept {
    if (base == owner_priority) {
        return owner_priority;
    }
    return static_cast<std::uint8_t>(std::clamp<std::int64_t>(base + total_delta, 1, 254));
}

void normalise_tracking(std::vector<InstanceConfig>& instances,
                        std::span<const SyncGroupConfig> groups) {
    for (InstanceConfig& instance : instances) {
        const bool owner = instance.priority == owner_priority;
        const bool grouped = in_group_without_weights(instance, groups);
        if (!owner && !grouped) {
            continue;
        }
        std::vector<TrackRef> kept;
        kept.reserve(instance.trackers.size());
        for (TrackRef ref : instance.trackers) {
            if (ref.weight == 0) {
                kept.push_back(std::move(ref));
                continue;
            }
            switch (ref.kind) {
            case TrackerKind::interface:
                if (owner) {
                    continue;
                }
                ref.weight = 0;
                break;
            case TrackerKind::script:
                if (grouped) {
                    log::info("({}) ignoring tracked script {} with weights due to SYNC group",
                              instance.name, ref.name);
                }
                continue;
            case TrackerKind::file:
            case TrackerKind::process:
                ref.weight = 0;
                break;
            case TrackerKind::bfd:
                continue; // keepalived drops weighted track_bfd here (the loader says so)
            }
            kept.push_back(std::move(ref));
        }
        instance.trackers = std::move(kept);
    }
}

} // namespace vigil::vrrp
