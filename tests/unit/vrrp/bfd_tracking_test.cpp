// track_bfd in the engine: keepalived 2.2.7's vrrp_handle_bfd_event and
// initialise_track_bfd_state (reference keepalived-2.2.7-vrrp-parity.md section 3.4).

#include "engine_harness.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;
using namespace vigil::vrrp::test;

namespace {

InstanceConfig tracking(std::int32_t weight, TrackerReverse reverse = TrackerReverse::normal) {
    auto config = instance("VI_1", 51, 100, "192.0.2.1");
    config.trackers.push_back({TrackerKind::bfd, "B1", weight, reverse});
    return config;
}

void report(World& world, TrackerHealth health) {
    const auto b1 = *world.router(0).find_tracker(TrackerKind::bfd, "B1");
    world.run(0, [&](Router& r, Actions& out) { r.on_tracker(b1, health, world.now(), out); });
}

} // namespace

TEST_CASE("unweighted track_bfd: FAULT from the start until the session is Up") {
    LogCapture logs;
    World world({{"r1", {tracking(0)}}});
    world.start_all();
    CHECK(world.state(0, "VI_1") == State::fault);
    CHECK(logs.contains("(VI_1) entering FAULT state"));
    world.advance(5s);
    CHECK(world.adverts_from(0).empty());

    report(world, TrackerHealth::up);
    CHECK(logs.contains("VRRP_Instance(VI_1) Tracked BFD instance B1 is UP"));
    CHECK(world.state(0, "VI_1") == State::backup);
    world.advance(5s);
    CHECK(world.state(0, "VI_1") == State::master);

    captured_log().clear();
    report(world, TrackerHealth::down);
    CHECK(world.state(0, "VI_1") == State::fault);
    REQUIRE(captured_log().size() >= 2);
    CHECK(captured_log()[0] == "VRRP_Instance(VI_1) Tracked BFD instance B1 is DOWN");
    CHECK(logs.contains("(VI_1) Entering FAULT STATE"));
    CHECK(world.adverts_from(0).back().priority == 0);
}

TEST_CASE("a report that changes nothing is ignored") {
    LogCapture logs;
    World world({{"r1", {tracking(0)}}});
    world.start_all();
    report(world, TrackerHealth::down); // the initial Down the BFD child sends at start-up
    CHECK(logs.count("VRRP_Instance(VI_1) Tracked BFD instance B1 is DOWN") == 0);
    report(world, TrackerHealth::up);
    report(world, TrackerHealth::up);
    CHECK(logs.count("VRRP_Instance(VI_1) Tracked BFD instance B1 is UP") == 1);
}

TEST_CASE("weight -20: 80 while Down (from the start), 100 while Up") {
    LogCapture logs;
    World world({{"r1", {tracking(-20)}}});
    world.start_all();
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.router(0).instance(0).effective_priority() == 80);
    world.advance(5s);
    CHECK(world.adverts_from(0).back().priority == 80);
    report(world, TrackerHealth::up);
    CHECK(logs.contains("VRRP_Instance(VI_1) Tracked BFD instance B1 is UP"));
    CHECK(logs.contains("(VI_1) Changing effective priority from 80 to 100"));
    report(world, TrackerHealth::down);
    CHECK(world.router(0).instance(0).effective_priority() == 80);
    CHECK(world.state(0, "VI_1") == State::master);
}

TEST_CASE("weight 20 reverse: 100 while Down, 80 while Up") {
    World world({{"r1", {tracking(20, TrackerReverse::reverse)}}});
    world.start_all();
    CHECK(world.router(0).instance(0).effective_priority() == 100);
    report(world, TrackerHealth::up);
    CHECK(world.router(0).instance(0).effective_priority() == 80);
}

TEST_CASE("unweighted reverse: FAULT while Up") {
    World world({{"r1", {tracking(0, TrackerReverse::reverse)}}});
    world.start_all();
    CHECK(world.state(0, "VI_1") == State::backup);
    report(world, TrackerHealth::up);
    CHECK(world.state(0, "VI_1") == State::fault);
}

TEST_CASE("reload keeps a session's last state") {
    World world({{"r1", {tracking(0)}}});
    world.start_all();
    report(world, TrackerHealth::up);
    world.advance(5s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    world.router(0).reload({tracking(0)}, {}, world.now());
    CHECK(world.state(0, "VI_1") == State::master);
    const auto b1 = *world.router(0).find_tracker(TrackerKind::bfd, "B1");
    CHECK(world.router(0).trackers()[b1].health == TrackerHealth::up);
}

TEST_CASE("owners and sync-group members drop weighted track_bfd") {
    std::vector<InstanceConfig> instances{tracking(-20), tracking(0)};
    instances[0].priority = 255;
    instances[1].name = "VI_2";
    instances[1].trackers.push_back({TrackerKind::bfd, "B2", 10, TrackerReverse::normal});
    const std::vector<SyncGroupConfig> groups{{"G", {"VI_2"}, Switch::off, Switch::off}};
    normalise_tracking(instances, groups);
    CHECK(instances[0].trackers.empty());
    REQUIRE(instances[1].trackers.size() == 1);
    CHECK(instances[1].trackers[0].name == "B1");
}
