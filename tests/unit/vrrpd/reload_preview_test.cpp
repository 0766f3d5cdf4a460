// `vigil reload --preview`: the engine's reload run on a copy tells what would change, and
// touches (and logs) nothing. Also the tracker change time `vigil explain` reports.
#include "../vrrp/engine_harness.hpp"
#include "vrrpd/reload_preview.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;
using namespace vigil::vrrp::test;

TEST_CASE("reload preview: changed, added and removed instances, VIPs, predicted states; nothing touched") {
    Router running({instance("VI_1", 51, 100, "192.0.2.1"), instance("VI_2", 52, 100, "192.0.2.1", "192.0.2.102")});
    Actions out;
    running.start(epoch, out);
    running.on_timer(epoch + 10s, out);
    REQUIRE(running.instance(0).state() == State::master);

    auto changed = instance("VI_1", 51, 90, "192.0.2.1");
    changed.vips.push_back(VirtualAddress{ip("192.0.2.101"), 24, "eth0", {}, AddressTracking::tracked});
    auto same = running.instance(1).config();
    same.vrid = 53; // another VRID: VI_2 is removed and this one added
    same.name = "VI_3";
    LogCapture logs;
    const auto preview = vigil::vrrpd::preview_reload(running, {changed, same}, {}, epoch + 11s, {});
    CHECK(captured_log().empty());
    CHECK(preview.loadable);
    REQUIRE(preview.changes.size() == 3);
    CHECK(preview.changes[0].name == "VI_2");
    CHECK(preview.changes[0].change == "removed");
    CHECK(preview.changes[0].vips_removed == std::vector<std::string>{"192.0.2.102/24"});
    CHECK(preview.changes[0].state_now == "MASTER");
    CHECK(preview.changes[1].name == "VI_1");
    CHECK(preview.changes[1].change == "changed");
    CHECK(preview.changes[1].details == std::vector<std::string>{"priority 100 -> 90"});
    CHECK(preview.changes[1].vips_added == std::vector<std::string>{"192.0.2.101/24"});
    CHECK(preview.changes[1].state_now == "MASTER");
    CHECK(preview.changes[1].state_after == "MASTER");
    CHECK(preview.changes[2].name == "VI_3");
    CHECK(preview.changes[2].change == "added");
    CHECK(preview.changes[2].state_after == "BACKUP");
    // The running router is untouched.
    CHECK(running.instances().size() == 2);
    CHECK(running.instance(0).config().priority == 100);
}

TEST_CASE("reload preview: an unchanged configuration changes nothing; a refused one says why") {
    Router running({instance("VI_1", 51, 100, "192.0.2.1")});
    Actions out;
    running.start(epoch, out);
    CHECK(vigil::vrrpd::preview_reload(running, {instance("VI_1", 51, 100, "192.0.2.1")}, {}, epoch, {}).changes.empty());
    const auto refused = vigil::vrrpd::preview_reload(
        running, {instance("VI_1", 51, 100, "192.0.2.1"), instance("VI_1", 52, 100, "192.0.2.1")}, {}, epoch, {});
    CHECK_FALSE(refused.loadable);
    REQUIRE(refused.diagnostics.size() == 1);
}

TEST_CASE("trackers record when their health last changed") {
    auto config = instance("VI_1", 51, 100, "192.0.2.1");
    config.trackers.push_back(TrackRef{TrackerKind::script, "chk", -20, TrackerReverse::normal});
    Router router({config});
    const auto id = router.find_tracker(TrackerKind::script, "chk");
    REQUIRE(id);
    CHECK(router.trackers()[*id].changed_at == TimePoint{});
    Actions out;
    router.start(epoch, out);
    router.on_tracker(*id, TrackerHealth::down, epoch + 3s, out);
    CHECK(router.trackers()[*id].changed_at == epoch + 3s);
    router.on_tracker(*id, TrackerHealth::down, epoch + 5s, out); // no change: time kept
    CHECK(router.trackers()[*id].changed_at == epoch + 3s);
}

TEST_CASE("reload preview: a backup that now outranks its master is predicted to take over") {
    Router running({instance("VI_1", 51, 90, "192.0.2.2")});
    Actions out;
    running.start(epoch, out);
    running.on_advert(0, ReceivedAdvert{ip("192.0.2.1"), 100, 1s}, epoch + 1s, out);
    REQUIRE(running.instance(0).state() == State::backup);
    const auto up = vigil::vrrpd::preview_reload(running, {instance("VI_1", 51, 110, "192.0.2.2")}, {}, epoch + 2s, {});
    REQUIRE(up.changes.size() == 1);
    CHECK(up.changes[0].state_now == "BACKUP");
    CHECK(up.changes[0].state_after == "MASTER (preempts 192.0.2.1 with priority 110 > 100)");
    auto nopreempt = instance("VI_1", 51, 110, "192.0.2.2");
    nopreempt.preempt = PreemptMode::nopreempt;
    const auto held = vigil::vrrpd::preview_reload(running, {nopreempt}, {}, epoch + 2s, {});
    REQUIRE(held.changes.size() == 1);
    CHECK(held.changes[0].state_after == "BACKUP");
}
