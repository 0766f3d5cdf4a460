// Reload: matched instances keep their state, only changed addresses move.

#include "engine_harness.hpp"
#include "vrrp/reload_plan.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;
using namespace vigil::net;
using namespace vigil::vrrp::test;

namespace {

InstanceConfig two_vips(std::string name, std::string_view second) {
    auto config = instance(std::move(name), 51, 100, "192.0.2.1");
    config.vips.push_back(VirtualAddress{ip(second), 24, "eth0", {}, AddressTracking::tracked});
    return config;
}

template <typename T>
std::vector<T> of(const Actions& actions) {
    std::vector<T> result;
    for (const Action& action : actions) {
        if (const T* t = std::get_if<T>(&action)) {
            result.push_back(*t);
        }
    }
    return result;
}

} // namespace

TEST_CASE("instances are matched by VRID, family and interface, not by name") {
    const std::vector<InstanceConfig> old_ones{instance("A", 1, 100, "192.0.2.1"),
                                               instance("B", 2, 100, "192.0.2.1")};
    auto moved = instance("B", 2, 100, "192.0.2.1");
    moved.interface = "eth1";
    const std::vector<InstanceConfig> new_ones{instance("renamed", 2, 100, "192.0.2.1"),
                                               instance("C", 3, 100, "192.0.2.1"), moved,
                                               instance("A", 1, 50, "192.0.2.1")};
    const auto match = match_instances(old_ones, new_ones);
    REQUIRE(match.size() == 4);
    CHECK(match[0] == std::optional<InstanceId>{1});
    CHECK(!match[1]);
    CHECK(!match[2]);
    CHECK(match[3] == std::optional<InstanceId>{0});
}

TEST_CASE("unicast instances sharing a VRID are told apart by their source") {
    auto a = instance("A", 1, 100, "192.0.2.1");
    a.unicast_peers = {ip("192.0.2.2")};
    auto b = instance("B", 1, 100, "192.0.2.11");
    b.unicast_peers = {ip("192.0.2.12")};
    const std::vector<InstanceConfig> old_ones{a, b};
    const std::vector<InstanceConfig> new_ones{b, a};
    const auto match = match_instances(old_ones, new_ones);
    CHECK(match[0] == std::optional<InstanceId>{1});
    CHECK(match[1] == std::optional<InstanceId>{0});
}

TEST_CASE("reload of a master: state kept, advert at once, only changed VIPs move") {
    LogCapture logs;
    World world({{"r1", {two_vips("VI_1", "192.0.2.101")}}});
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    const auto before = world.router(0).instance(0).stats();
    captured_log().clear();

    ReloadPlan plan = world.router(0).reload({two_vips("VI_X", "192.0.2.102")}, {}, world.now());
    CHECK(plan.old_to_new == std::vector<std::optional<InstanceId>>{0});
    CHECK(plan.retire.empty());
    CHECK(world.state(0, "VI_X") == State::master);
    CHECK(world.router(0).instance(0).stats().become_master == before.become_master);
    CHECK(logs.contains("(VI_X) ip address 192.0.2.101/24 dev eth0, no longer exist"));
    CHECK(logs.count("(VI_X) Entering MASTER STATE") == 0);
    const auto removed = of<RemoveAddresses>(plan.apply);
    REQUIRE(removed.size() == 1);
    REQUIRE(removed[0].set.vips.size() == 1);
    CHECK(removed[0].set.vips[0].address == ip("192.0.2.101"));
    const auto added = of<AddAddresses>(plan.apply);
    REQUIRE(added.size() == 1);
    REQUIRE(added[0].set.vips.size() == 1);
    CHECK(added[0].set.vips[0].address == ip("192.0.2.102"));
    const auto adverts = of<SendAdvert>(plan.apply);
    REQUIRE(adverts.size() == 1);
    CHECK(adverts[0].priority == 100);
    CHECK(of<Notify>(plan.apply).empty());
    CHECK(world.router(0).next_deadline() == world.now() + 1s);
}

TEST_CASE("reload: removed instances retire, new ones start, unchanged backups keep timers") {
    LogCapture logs;
    auto backup = instance("VI_B", 60, 100, "192.0.2.1");
    auto gone = instance("VI_GONE", 61, 100, "192.0.2.1");
    gone.deleted_notify = DeletedNotify::deleted;
    World world({{"r1", {instance("VI_1", 51, 100, "192.0.2.1"), gone}},
                 {"r2", {backup, instance("VI_R2", 61, 50, "192.0.2.2")}}});
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(0, "VI_GONE") == State::master);

    // r1 drops VI_GONE and adds VI_NEW.
    ReloadPlan plan = world.router(0).reload(
        {instance("VI_1", 51, 100, "192.0.2.1"), instance("VI_NEW", 70, 100, "192.0.2.1")}, {},
        world.now());
    CHECK(plan.old_to_new == std::vector<std::optional<InstanceId>>{0, std::nullopt});
    const auto retire_adverts = of<SendAdvert>(plan.retire);
    REQUIRE(retire_adverts.size() == 1);
    CHECK(retire_adverts[0].instance == 1);
    CHECK(retire_adverts[0].priority == 0);
    CHECK(of<RemoveAddresses>(plan.retire).size() == 1);
    const auto retire_notifies = of<Notify>(plan.retire);
    REQUIRE(retire_notifies.size() == 1);
    CHECK(retire_notifies[0].event == NotifyEvent::deleted);
    CHECK(retire_notifies[0].name == "VI_GONE");
    CHECK(world.state(0, "VI_NEW") == State::backup);
    CHECK(logs.contains("(VI_NEW) Entering BACKUP STATE (init)"));

    // r2 reloads the same config: its master (VI_B) re-advertises and re-announces at once,
    // its backup (VI_R2) keeps its running down timer; nobody is notified.
    REQUIRE(world.state(1, "VI_R2") == State::backup);
    const TimePoint deadline = world.router(1).instance(1).main_deadline();
    ReloadPlan same = world.router(1).reload(
        {backup, instance("VI_R2", 61, 50, "192.0.2.2")}, {}, world.now());
    CHECK(same.retire.empty());
    REQUIRE(same.apply.size() == 2); // VI_B (master): advert at once, GARPs again
    CHECK(std::get<SendAdvert>(same.apply[0]).instance == 0);
    CHECK(std::get<Announce>(same.apply[1]).instance == 0);
    CHECK(world.router(1).instance(1).main_deadline() == deadline);
}

TEST_CASE("reload keeps tracker values; a changed weight changes the priority only") {
    LogCapture logs;
    auto config = instance("VI_1", 51, 100, "192.0.2.1");
    config.trackers.push_back({TrackerKind::script, "chk", -10, TrackerReverse::normal});
    World world({{"r1", {config}}});
    const auto chk = *world.router(0).find_tracker(TrackerKind::script, "chk");
    world.run(0, [&](Router& r, Actions& out) { r.on_tracker(chk, TrackerHealth::down, world.now(), out); });
    world.start_all();
    world.advance(5s);
    CHECK(world.router(0).instance(0).effective_priority() == 90);
    config.trackers[0].weight = -30;
    ReloadPlan plan = world.router(0).reload({config}, {}, world.now());
    CHECK(world.state(0, "VI_1") == State::master);
    CHECK(world.router(0).instance(0).effective_priority() == 70);
    CHECK(logs.contains("(VI_1) Changing effective priority from 90 to 70"));
}

TEST_CASE("reload: keepalived's observed lines for removed, matched and new instances") {
    LogCapture logs;
    auto vi1 = two_vips("VI_1", "192.0.2.101");
    auto vi3 = instance("VI_3", 53, 100, "192.0.2.1", "192.0.2.120");
    World world({{"r1", {vi1, vi3}}});
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    REQUIRE(world.state(0, "VI_3") == State::master);
    captured_log().clear();
    ReloadPlan plan = world.router(0).reload(
        {two_vips("VI_X", "192.0.2.102"), instance("VI_4", 54, 100, "192.0.2.1", "192.0.2.130")},
        {}, world.now());
    // Observed with keepalived 2.2.7 (same change, SIGHUP).
    const std::vector<std::string> expected{
        "(VI_3) sent 0 priority",
        "(VI_3) removing VIPs.",
        "(VI_X) ip address 192.0.2.101/24 dev eth0, no longer exist",
        "(VI_X) setting VIPs.",
        "(VI_4) Entering BACKUP STATE (init)",
    };
    CHECK(captured_log() == expected);
    const auto announces = of<Announce>(plan.apply);
    REQUIRE(announces.size() == 1);
    CHECK(announces[0].addresses.size() == 2); // every VIP of VI_X is announced again
}

TEST_CASE("reload: an added instance with its source from the interface starts in BACKUP, not FAULT") {
    LogCapture logs;
    World world({{"r1", {instance("VI_1", 51, 100, "192.0.2.1")}}});
    world.start_all();
    world.advance(5s);
    auto added = instance("VI_2", 52, 100, "192.0.2.1");
    added.source.reset(); // the interface's primary address, known to the daemon only
    const std::vector<std::optional<IpAddress>> sources{ip("192.0.2.1"), ip("192.0.2.1")};
    ReloadPlan plan = world.router(0).reload({instance("VI_1", 51, 100, "192.0.2.1"), added}, {}, world.now(), sources);
    CHECK(world.state(0, "VI_2") == State::backup);
    CHECK_FALSE(logs.contains("(VI_2) entering FAULT state"));
    CHECK(logs.contains("(VI_2) Entering BACKUP STATE (init)"));
    for (const Notify& n : of<Notify>(plan.apply)) {
        CHECK(n.event != NotifyEvent::fault);
    }
}
