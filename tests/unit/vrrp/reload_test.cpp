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

TEST_CASE("an ipvlan added, renamed or removed keeps the instance (matched on its configured interface)") {
    auto plain = instance("A", 1, 100, "192.0.2.1");
    auto on_ipvlan = plain;
    on_ipvlan.configured_interface = plain.interface;
    on_ipvlan.interface = "vrrp.1";
    auto renamed = on_ipvlan;
    renamed.interface = "ipvl1";
    auto elsewhere = plain;
    elsewhere.interface = "vrrp.1";  // configured on the interface vrrp.1 itself
    CHECK(match_instances(std::vector{plain}, std::vector{on_ipvlan})[0] == std::optional<InstanceId>{0});
    CHECK(match_instances(std::vector{on_ipvlan}, std::vector{renamed})[0] == std::optional<InstanceId>{0});
    CHECK(match_instances(std::vector{on_ipvlan}, std::vector{plain})[0] == std::optional<InstanceId>{0});
    CHECK(!match_instances(std::vector{on_ipvlan}, std::vector{elsewhere})[0]);
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

    // r2 reloads the same config: its master (VI_B) re-advertises at once but announces
    // nothing (keepalived sends no GARP for an unchanged instance), its backup (VI_R2)
    // keeps its running down timer; nobody is notified.
    REQUIRE(world.state(1, "VI_R2") == State::backup);
    const TimePoint deadline = world.router(1).instance(1).main_deadline();
    ReloadPlan same = world.router(1).reload(
        {backup, instance("VI_R2", 61, 50, "192.0.2.2")}, {}, world.now());
    CHECK(same.retire.empty());
    REQUIRE(same.apply.size() == 1); // VI_B (master): advert at once, no GARP
    CHECK(std::get<SendAdvert>(same.apply[0]).instance == 0);
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

TEST_CASE("reload: GARPs only for a master that gained a VIP, once, without the delayed burst") {
    LogCapture logs;
    auto changed = instance("VI_C", 52, 100, "192.0.2.1", "192.0.2.110");
    changed.garp.master_delay = 5s;
    changed.garp.master_repeat = 5;
    auto unchanged = instance("VI_U", 51, 100, "192.0.2.1");
    unchanged.garp = changed.garp;
    World world({{"r1", {unchanged, changed}}});
    world.start_all();
    world.advance(10s);
    REQUIRE(world.state(0, "VI_C") == State::master);
    REQUIRE(world.state(0, "VI_U") == State::master);
    const TimePoint reloaded = world.now();

    auto grown = changed;
    grown.vips.push_back(VirtualAddress{ip("192.0.2.111"), 24, "eth0", {}, AddressTracking::tracked});
    world.run(0, [&](Router& r, Actions& out) {
        ReloadPlan plan = r.reload({unchanged, grown}, {}, world.now());
        out = std::move(plan.apply);
    });
    world.advance(10s);
    std::size_t unchanged_announces = 0;
    std::vector<Announce> changed_announces;
    for (const auto& [time, a] : world.actions_of<Announce>(0)) {
        if (time >= us(reloaded)) {
            if (a.instance == 0) {
                ++unchanged_announces;
            } else {
                changed_announces.push_back(a);
            }
        }
    }
    CHECK(unchanged_announces == 0);
    REQUIRE(changed_announces.size() == 1); // no second burst garp_master_delay later
    CHECK(changed_announces[0].addresses.size() == 2);
    CHECK(changed_announces[0].repeat == 5);

    // Removing a VIP adds nothing: no announcement either.
    const TimePoint shrunk_at = world.now();
    world.run(0, [&](Router& r, Actions& out) {
        ReloadPlan plan = r.reload({unchanged, changed}, {}, world.now());
        out = std::move(plan.apply);
    });
    world.advance(10s);
    for (const auto& [time, a] : world.actions_of<Announce>(0)) {
        CHECK(time < us(shrunk_at));
    }
}

// Issue #17: SIGHUPs to master and backup 0.6 s apart, each one adding or removing a VIP of
// VI_2. The backup drops every advert whose address list differs from its own (RFC 3768
// section 7.1); the master's pre-reload advert, sent with the old list, is the one a backup
// that has not reloaded yet accepts, so neither instance moves.
TEST_CASE("reload storm: a changing instance never flaps (adverts before the reload)") {
    LogCapture logs;
    const auto vi2 = [](std::uint8_t priority, std::string_view source, bool extra) {
        auto config = instance("VI_2", 52, priority, source, "192.0.2.110");
        if (extra) {
            config.vips.push_back(VirtualAddress{ip("192.0.2.111"), 24, "eth0", {}, AddressTracking::tracked});
        }
        return config;
    };
    const auto configs = [&](std::size_t node, bool extra) {
        const std::uint8_t priority = node == 0 ? 100 : 90;
        const std::string_view source = node == 0 ? "192.0.2.1" : "192.0.2.2";
        return std::vector<InstanceConfig>{instance("VI_1", 51, priority, source),
                                           vi2(priority, source, extra)};
    };
    World world({{"r1", configs(0, false)}, {"r2", configs(1, false)}});
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(0, "VI_2") == State::master);
    REQUIRE(world.state(1, "VI_2") == State::backup);
    const long long storm = us(world.now());
    const auto hup = [&](std::size_t node, bool extra) {
        world.run(node, [&](Router& r, Actions& out) { r.advertise_before_reload(world.now(), out); });
        world.run(node, [&](Router& r, Actions& out) {
            ReloadPlan plan = r.reload(configs(node, extra), {}, world.now());
            out = std::move(plan.apply);
        });
    };
    for (int i = 1; i <= 100; ++i) {
        // The master reloads first, the backup 5 ms later: every advert the master sends
        // after its reload lists addresses the backup does not have yet.
        hup(0, i % 2 == 1);
        world.advance(5ms);
        hup(1, i % 2 == 1);
        world.advance(595ms);
    }
    world.advance(5s);
    CHECK(world.master_transitions(1) == 0);
    for (const SentAdvert& a : world.adverts_from(1)) {
        CHECK(a.time_us < storm);
    }
    CHECK(world.router(0).instance(1).stats().become_master == 1);
    CHECK(world.state(0, "VI_2") == State::master);
    CHECK(world.state(1, "VI_2") == State::backup);
}

// The same at VRRPv3 50 ms with the backup reloading 150 ms after the master: the master's
// adverts list the new addresses for 150 ms, longer than the 132 ms left of the backup's
// Master_Down_Interval (182 ms) after the pre-reload advert. The backup's reload restarts
// its timer for the changed instance only (keepalived restarts all of them).
TEST_CASE("reload storm at 50 ms: a changed backup restarts its down timer, an unchanged one keeps it") {
    LogCapture logs;
    const auto v3 = [](InstanceConfig config) {
        config.version = ProtocolVersion::v3;
        config.advert_interval = 50ms;
        return config;
    };
    const auto configs = [&](std::size_t node, bool extra) {
        const std::uint8_t priority = node == 0 ? 100 : 90;
        const std::string_view source = node == 0 ? "192.0.2.1" : "192.0.2.2";
        auto changing = v3(instance("VI_2", 52, priority, source, "192.0.2.110"));
        if (extra) {
            changing.vips.push_back(VirtualAddress{ip("192.0.2.111"), 24, "eth0", {}, AddressTracking::tracked});
        }
        return std::vector<InstanceConfig>{v3(instance("VI_1", 51, priority, source)), changing};
    };
    World world({{"r1", configs(0, false)}, {"r2", configs(1, false)}});
    world.start_all();
    world.advance(1s);
    REQUIRE(world.state(0, "VI_2") == State::master);
    const auto hup = [&](std::size_t node, bool extra) {
        world.run(node, [&](Router& r, Actions& out) { r.advertise_before_reload(world.now(), out); });
        world.run(node, [&](Router& r, Actions& out) {
            ReloadPlan plan = r.reload(configs(node, extra), {}, world.now());
            out = std::move(plan.apply);
        });
    };
    hup(0, true);
    world.advance(150ms);
    const TimePoint unchanged_deadline = world.router(1).instance(0).main_deadline();
    hup(1, true);
    CHECK(world.router(1).instance(0).main_deadline() == unchanged_deadline);
    CHECK(world.router(1).instance(1).main_deadline() > world.now() + 150ms);
    for (int i = 0; i < 20; ++i) {
        hup(0, i % 2 == 0);
        world.advance(150ms);
        hup(1, i % 2 == 0);
        world.advance(100ms);
    }
    world.advance(1s);
    CHECK(world.master_transitions(1) == 0);
    CHECK(world.state(1, "VI_2") == State::backup);
}
