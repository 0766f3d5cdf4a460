#include "vrrp/tracking.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;

namespace {

Tracker health(TrackerKind kind, TrackerHealth h) { return Tracker{kind, "t", h, 0}; }
Tracker file(std::int64_t value) { return Tracker{TrackerKind::file, "f", TrackerHealth::up, value}; }
TrackRef ref(TrackerKind kind, std::int32_t weight,
             TrackerReverse reverse = TrackerReverse::normal) {
    return TrackRef{kind, "t", weight, reverse};
}

} // namespace

TEST_CASE("interface and script weights follow keepalived's arithmetic") {
    const auto up = health(TrackerKind::script, TrackerHealth::up);
    const auto down = health(TrackerKind::script, TrackerHealth::down);
    const auto unknown = health(TrackerKind::script, TrackerHealth::unknown);
    // w > 0 adds while up; w < 0 subtracts while down
    CHECK(track_effect(ref(TrackerKind::script, 10), up).delta == 10);
    CHECK(track_effect(ref(TrackerKind::script, 10), down).delta == 0);
    CHECK(track_effect(ref(TrackerKind::script, -60), up).delta == 0);
    CHECK(track_effect(ref(TrackerKind::script, -60), down).delta == -60);
    // reverse: decreased when up, increased when down
    CHECK(track_effect(ref(TrackerKind::script, 10, TrackerReverse::reverse), up).delta == -10);
    CHECK(track_effect(ref(TrackerKind::script, -10, TrackerReverse::reverse), down).delta == 10);
    // weight 0: FAULT while down (while up with reverse); unknown counts as failing
    CHECK(track_effect(ref(TrackerKind::interface, 0), down).fault);
    CHECK_FALSE(track_effect(ref(TrackerKind::interface, 0), up).fault);
    CHECK(track_effect(ref(TrackerKind::script, 0, TrackerReverse::reverse), up).fault);
    CHECK_FALSE(track_effect(ref(TrackerKind::script, 0, TrackerReverse::reverse), down).fault);
    CHECK(track_effect(ref(TrackerKind::script, 0), unknown).fault);
    CHECK(track_effect(ref(TrackerKind::script, 5), unknown).delta == 0);
}

TEST_CASE("track_file multiplies, caps at 253 and faults at -254") {
    CHECK(track_effect(ref(TrackerKind::file, 2), file(10)).delta == 20);
    CHECK(track_effect(ref(TrackerKind::file, 2), file(200)).delta == 253);
    CHECK(track_effect(ref(TrackerKind::file, 1), file(-253)).delta == -253);
    CHECK_FALSE(track_effect(ref(TrackerKind::file, 1), file(-253)).fault);
    CHECK(track_effect(ref(TrackerKind::file, 1), file(-254)).fault);
    CHECK(track_effect(ref(TrackerKind::file, 3, TrackerReverse::reverse), file(5)).delta == -15);
    CHECK(track_effect(ref(TrackerKind::file, 0), file(1)).fault);
    CHECK_FALSE(track_effect(ref(TrackerKind::file, 0), file(0)).fault);
}

TEST_CASE("effective priority clamps to 1..254 and never moves an owner") {
    CHECK(effective_priority(150, -60) == 90);
    CHECK(effective_priority(100, -200) == 1);
    CHECK(effective_priority(200, 100) == 254);
    CHECK(effective_priority(255, -100) == 255);
}

TEST_CASE("sync-group members and owners lose weighted trackers") {
    std::vector<InstanceConfig> instances(3);
    instances[0].name = "A";
    instances[0].trackers = {{TrackerKind::interface, "eth1", 10, TrackerReverse::normal},
                             {TrackerKind::script, "chk", -20, TrackerReverse::normal},
                             {TrackerKind::file, "f", 5, TrackerReverse::normal}};
    instances[1] = instances[0];
    instances[1].name = "B";
    instances[2] = instances[0];
    instances[2].name = "OWNER";
    instances[2].priority = 255;
    const std::vector<SyncGroupConfig> groups{{"G", {"A"}, Switch::off, Switch::off}};
    normalise_tracking(instances, groups);
    REQUIRE(instances[0].trackers.size() == 2);
    CHECK(instances[0].trackers[0].weight == 0);
    CHECK(instances[0].trackers[1].kind == TrackerKind::file);
    CHECK(instances[0].trackers[1].weight == 0);
    CHECK(instances[1].trackers.size() == 3); // not grouped, not owner: untouched
    REQUIRE(instances[2].trackers.size() == 1); // owner: interface and script dropped
    CHECK(instances[2].trackers[0].kind == TrackerKind::file);
    CHECK(instances[2].trackers[0].weight == 0);
}
