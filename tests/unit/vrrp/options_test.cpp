// Per-instance options that change what a master sends: lower_prio_no_advert,
// higher_prio_send_advert, GARP refresh and lower-priority bursts, notify_priority_changes,
// track_file faults, unicast recovery.

#include "engine_harness.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;
using namespace vigil::vrrp::test;

namespace {

// r1 (100) and r2 (90) both become master while r1 is cut off; r1 is then reconnected just
// after its own advert, so r2's next advert reaches r1 first.
World split(InstanceConfig a, InstanceConfig b) {
    World world({{"r1", {std::move(a)}}, {"r2", {std::move(b)}}});
    world.set_linked(0, false);
    world.start_all();
    world.advance_to(epoch + 5620ms);
    REQUIRE(world.state(0, "VI_1") == State::master);
    REQUIRE(world.state(1, "VI_1") == State::master);
    world.set_linked(0, true);
    return world;
}

constexpr long long r2_advert = 5648437; // r2's advert after the reconnection

} // namespace

TEST_CASE("lower_prio_no_advert: no answer and no 'forcing new election'") {
    LogCapture logs;
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    a.lower_prio_no_advert = Switch::on;
    a.notify_master_rx_lower_pri = Switch::on;
    World world = split(a, instance("VI_1", 51, 90, "192.0.2.2"));
    world.advance_to(epoch + 5650ms);
    CHECK(logs.contains("(VI_1) Received advert from 192.0.2.2 with lower priority 90, ours 100"));
    CHECK(world.adverts_from(0).back().time_us < r2_advert);
    // The lower-priority GARP burst and notify still happen.
    const auto announces = world.actions_of<Announce>(0);
    CHECK(announces.back().first == r2_advert);
    CHECK(announces.back().second.repeat == 5);
    const auto notifies = world.actions_of<Notify>(0);
    CHECK(notifies.back().second.event == NotifyEvent::master_rx_lower_pri);
    // Second lower-priority burst after garp_lower_prio_delay.
    world.advance_to(epoch + Duration{r2_advert + 5000000});
    CHECK(world.actions_of<Announce>(0).back().first == r2_advert + 5000000);
}

TEST_CASE("a master answers a lower priority at once") {
    World world = split(instance("VI_1", 51, 100, "192.0.2.1"),
                        instance("VI_1", 51, 90, "192.0.2.2"));
    world.advance_to(epoch + 5650ms);
    CHECK(world.adverts_from(0).back().time_us == r2_advert);
    CHECK(world.state(1, "VI_1") == State::backup);
    // r1's advert timer restarts from the answer.
    world.advance_to(epoch + 6700ms);
    CHECK(world.adverts_from(0).back().time_us == r2_advert + 1000000);
}

TEST_CASE("AH: the first advert of a mastership restarts the counter; an answer to a lower master syncs it") {
    // keepalived 2.2.7 (vrrp.c vrrp_state_goto_master, vrrp_state_master_rx): the engine
    // marks the advert whose number must follow those rules (AhSequence applies them).
    LogCapture logs;
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    a.auth_type = AuthType::ah;
    auto b = instance("VI_1", 51, 90, "192.0.2.2");
    b.auth_type = AuthType::ah;
    World world = split(a, b);
    const auto first = world.actions_of<SendAdvert>(0);
    REQUIRE_FALSE(first.empty());
    CHECK(first.front().second.ah == AhStep::new_mastership);
    CHECK(first.back().second.ah == AhStep::advance);
    world.advance_to(epoch + 5650ms);
    const auto answer = world.actions_of<SendAdvert>(0).back();
    CHECK(answer.first == r2_advert);
    CHECK(answer.second.ah == AhStep::answer_lower_master);
    CHECK(logs.contains("(VI_1) IPSEC-AH : Syncing seq_num - Increment seq"));
}

TEST_CASE("higher_prio_send_advert: one advert before going BACKUP") {
    LogCapture logs;
    auto b = instance("VI_1", 51, 90, "192.0.2.2");
    b.higher_prio_send_advert = Switch::on;
    World world({{"r1", {instance("VI_1", 51, 100, "192.0.2.1")}}, {"r2", {b}}});
    world.set_linked(1, false);
    world.start_all();
    world.advance_to(epoch + 5100ms); // both master; r1 adverts at x.609, r2 at x.648
    world.set_linked(1, true);
    world.advance_to(epoch + 5620ms);
    CHECK(world.state(1, "VI_1") == State::backup);
    const auto r2 = world.adverts_from(1);
    CHECK(r2.back().time_us == 5609375);
    CHECK(r2.back().priority == 90);
}

TEST_CASE("garp_master_refresh repeats announcements while master") {
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    a.garp.master_refresh = 10s;
    a.garp.master_refresh_repeat = 2;
    a.garp.master_delay = Duration{0};
    World world({{"r1", {a}}});
    world.start_all();
    world.advance(25s);
    const auto announces = world.actions_of<Announce>(0);
    REQUIRE(announces.size() == 3);
    CHECK(announces[0].first == 3609375);
    CHECK(announces[0].second.repeat == 5);
    CHECK(announces[1].first == 13609375);
    CHECK(announces[1].second.repeat == 2);
    CHECK(announces[2].first == 23609375);
}

TEST_CASE("notify_priority_changes: FIFO events with the new priority") {
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    a.notify_priority_changes = Switch::on;
    a.trackers.push_back({TrackerKind::file, "f", 2, TrackerReverse::normal});
    World world({{"r1", {a}}});
    world.start_all();
    world.advance(5s);
    const auto f = *world.router(0).find_tracker(TrackerKind::file, "f");
    world.run(0, [&](Router& r, Actions& out) { r.on_tracker_value(f, 10, world.now(), out); });
    const auto notifies = world.actions_of<Notify>(0);
    CHECK(notifies.back().second.event == NotifyEvent::master_priority);
    CHECK(notifies.back().second.priority == 120);
    // A value x weight <= -254 means FAULT.
    world.run(0, [&](Router& r, Actions& out) { r.on_tracker_value(f, -127, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::fault);
    CHECK(world.adverts_from(0).back().priority == 0);
}

TEST_CASE("unweighted script: silent INIT until its first success (observed)") {
    LogCapture logs;
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    a.trackers.push_back({TrackerKind::script, "chk", 0, TrackerReverse::normal});
    World world({{"r1", {a}}});
    world.start_all();
    CHECK(world.state(0, "VI_1") == State::init);
    const auto chk = *world.router(0).find_tracker(TrackerKind::script, "chk");
    world.advance(1s);
    // A first failure changes nothing visible either.
    world.run(0, [&](Router& r, Actions& out) { r.on_tracker(chk, TrackerHealth::down, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::init);
    world.advance(1s);
    world.run(0, [&](Router& r, Actions& out) { r.on_tracker(chk, TrackerHealth::up, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::backup);
    world.advance(5s);
    CHECK(world.adverts_from(0).front().time_us == 2000000 + 3609375);
    const std::vector<std::string> expected{
        "(VI_1) removing VIPs.",
        "(VI_1) Entering BACKUP STATE",
        "(VI_1) Receive advertisement timeout",
        "(VI_1) Entering MASTER STATE",
        "(VI_1) setting VIPs.",
    };
    CHECK(captured_log() == expected);
}

TEST_CASE("unicast instance leaving FAULT announces its own address once") {
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    a.unicast_peers = {ip("192.0.2.2")};
    World world({{"r1", {a}}});
    world.start_all();
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth0", LinkState::down, world.now(), out); });
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth0", LinkState::up, world.now(), out); });
    const auto announces = world.actions_of<Announce>(0);
    REQUIRE(announces.size() == 1);
    CHECK(announces[0].second.repeat == 1);
    REQUIRE(announces[0].second.addresses.size() == 1);
    CHECK(announces[0].second.addresses[0].address == ip("192.0.2.1"));
}

TEST_CASE("losing the source address is a FAULT; getting one back returns to BACKUP") {
    World world({{"r1", {instance("VI_1", 51, 100, "192.0.2.1")}}});
    world.start_all();
    world.advance(5s);
    world.run(0, [&](Router& r, Actions& out) { r.on_source_address(0, std::nullopt, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::fault);
    world.run(0, [&](Router& r, Actions& out) {
        r.on_source_address(0, ip("192.0.2.1"), world.now(), out);
    });
    CHECK(world.state(0, "VI_1") == State::backup);
}

TEST_CASE("no_accept non-owner: firewall drop rule lines around the VIPs (keepalived's order)") {
    LogCapture logs;
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    a.accept = AcceptMode::no_accept;
    auto owner = instance("VI_2", 52, 255, "192.0.2.1", "192.0.2.101");
    owner.accept = AcceptMode::no_accept;
    World world({{"r1", {a, owner}}});
    world.start_all();
    world.advance(5s);
    CHECK(world.state(0, "VI_1") == State::master);
    const auto& lines = captured_log();
    const auto at = [&](std::string_view line) {
        return std::find(lines.begin(), lines.end(), line) - lines.begin();
    };
    CHECK(at("(VI_1) removing VIPs.") < at("(VI_1) removing firewall drop rule"));
    CHECK(at("(VI_1) setting firewall drop rule") + 1 == at("(VI_1) setting VIPs."));
    CHECK(at("(VI_1) setting firewall drop rule") < static_cast<std::ptrdiff_t>(lines.size()));
    // The owner (priority 255) never filters.
    CHECK_FALSE(logs.contains("(VI_2) setting firewall drop rule"));
    CHECK_FALSE(logs.contains("(VI_2) removing firewall drop rule"));
    CHECK(world.router(0).instance(*world.router(0).find_instance("VI_1")).drops_vip_traffic());
}
