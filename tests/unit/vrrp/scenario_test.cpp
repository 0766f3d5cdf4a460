// Two and three routers on an in-memory LAN with a fake clock: the timings of keepalived
// 2.2.7 and the RFCs, to the microsecond.

#include "engine_harness.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;
using namespace vigil::net;
using namespace vigil::vrrp::test;

namespace {

constexpr long long mdi_100 = 3609375; // 3 s + (256-100)/256 s
constexpr long long mdi_90 = 3648437;  // 3 s + (256-90)/256 s
constexpr long long skew_90 = 648437;

InstanceConfig r1_vi1() {
    auto config = instance("VI_1", 51, 100, "192.0.2.1");
    config.initial_state = InitialState::master;
    return config;
}
InstanceConfig r2_vi1() { return instance("VI_1", 51, 90, "192.0.2.2"); }

World pair() { return World({{"r1", {r1_vi1()}}, {"r2", {r2_vi1()}}}); }

// r1 was master and died; r2 took over. r1 is then restarted with `restarted`.
World r1_restarted(InstanceConfig restarted) {
    World world = pair();
    world.start_all();
    world.advance(5s);
    world.kill(0);
    world.advance(10s);
    REQUIRE(world.state(1, "VI_1") == State::master);
    world.replace(0, {std::move(restarted)});
    return world;
}

std::vector<SentAdvert> after(const std::vector<SentAdvert>& adverts, long long t) {
    std::vector<SentAdvert> result;
    for (const auto& a : adverts) {
        if (a.time_us > t) {
            result.push_back(a);
        }
    }
    return result;
}

std::vector<long long> times(const std::vector<SentAdvert>& adverts) {
    std::vector<long long> result;
    for (const auto& a : adverts) {
        result.push_back(a.time_us);
    }
    return result;
}

} // namespace

TEST_CASE("election: the higher priority becomes master after its Master_Down_Interval") {
    LogCapture logs;
    World world = pair();
    world.start_all();
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(logs.count("(VI_1) Entering BACKUP STATE (init)") == 2);
    world.advance(10s);

    CHECK(world.state(0, "VI_1") == State::master);
    CHECK(world.state(1, "VI_1") == State::backup);
    const auto r1 = world.adverts_from(0);
    REQUIRE(r1.size() == 7);
    CHECK(times(r1) == std::vector<long long>{mdi_100, mdi_100 + 1000000, mdi_100 + 2000000,
                                              mdi_100 + 3000000, mdi_100 + 4000000,
                                              mdi_100 + 5000000, mdi_100 + 6000000});
    CHECK(r1[0].priority == 100);
    CHECK(world.adverts_from(1).empty());

    // Advert first, then VIPs, 5 GARPs, the notify; a second burst 5 s later.
    const auto& events = world.events();
    std::vector<std::size_t> order;
    for (const auto& e : events) {
        if (e.node == 0 && e.time_us == mdi_100) {
            order.push_back(e.action.index());
        }
    }
    CHECK(order == std::vector<std::size_t>{0, 1, 3, 4});
    const auto announces = world.actions_of<Announce>(0);
    REQUIRE(announces.size() == 2);
    CHECK(announces[0].first == mdi_100);
    CHECK(announces[0].second.repeat == 5);
    CHECK(announces[1].first == mdi_100 + 5000000);
    CHECK(logs.contains("(VI_1) Entering MASTER STATE"));
    CHECK(logs.contains("(VI_1) Receive advertisement timeout"));
    CHECK(world.router(0).instance(0).stats().become_master == 1);
    // Notifies: BACKUP (init) on both, then MASTER on r1.
    const auto notifies = world.actions_of<Notify>(0);
    REQUIRE(notifies.size() == 2);
    CHECK(notifies[0].second.event == NotifyEvent::backup);
    CHECK(notifies[1].second.event == NotifyEvent::master);
    CHECK(notifies[1].second.priority == 100);
}

TEST_CASE("master death: the backup takes over exactly Master_Down_Interval after the last advert") {
    World world = pair();
    world.start_all();
    world.advance(5s);
    const long long last = world.adverts_from(0).back().time_us;
    world.advance_to(epoch + Duration{last + 400000});
    world.kill(0);
    world.advance(10s);
    const auto r2 = world.adverts_from(1);
    REQUIRE(!r2.empty());
    CHECK(r2.front().time_us == last + mdi_90);
    CHECK(world.state(1, "VI_1") == State::master);
    const auto adds = world.actions_of<AddAddresses>(1);
    REQUIRE(adds.size() == 1);
    CHECK(adds[0].first == last + mdi_90);
}

TEST_CASE("graceful stop: priority 0, VIPs removed, the backup takes over after Skew_Time") {
    LogCapture logs;
    World world = pair();
    world.start_all();
    world.advance(5s);
    world.advance(300ms);
    const long long stop_at = us(world.now());
    world.stop(0);
    const auto r1 = world.adverts_from(0);
    CHECK(r1.back().time_us == stop_at);
    CHECK(r1.back().priority == 0);
    // One removal at start-up (leftovers), one on stop.
    REQUIRE(world.actions_of<RemoveAddresses>(0).size() == 2);
    CHECK(world.actions_of<RemoveAddresses>(0)[1].first == stop_at);
    const auto stops = world.actions_of<Notify>(0);
    CHECK(stops.back().second.event == NotifyEvent::stop);
    CHECK(stops.back().second.priority == 100);
    CHECK(logs.contains("(VI_1) sent 0 priority"));
    CHECK(logs.contains("(VI_1) Backup received priority 0 advertisement"));
    world.advance(5s);
    const auto r2 = world.adverts_from(1);
    REQUIRE(!r2.empty());
    CHECK(r2.front().time_us == stop_at + skew_90);
}

TEST_CASE("a stopped backup sends nothing") {
    World world = pair();
    world.start_all();
    world.advance(5s);
    const auto before = world.adverts_from(1).size();
    world.stop(1);
    CHECK(world.adverts_from(1).size() == before);
    CHECK(world.actions_of<RemoveAddresses>(1).size() == 1); // the start-up one only
}

TEST_CASE("preempt: a restarted higher-priority router discards lower adverts, then takes over") {
    LogCapture logs;
    World world = r1_restarted(r1_vi1());
    const long long restart = us(world.now());
    world.start(0);
    world.advance(10s);
    CHECK(logs.contains("(VI_1) received lower priority (90) advert from 192.0.2.2 - discarding"));
    const auto r1 = after(world.adverts_from(0), restart - 1);
    REQUIRE(!r1.empty());
    CHECK(r1.front().time_us == restart + mdi_100);
    CHECK(world.state(0, "VI_1") == State::master);
    CHECK(world.state(1, "VI_1") == State::backup);
    CHECK(logs.contains(
        "(VI_1) Master received advert from 192.0.2.1 with higher priority 100, ours 90"));
    // r2 leaves MASTER on r1's first advert and removes its VIPs at that instant.
    const auto removes = world.actions_of<RemoveAddresses>(1);
    REQUIRE(removes.size() == 2); // start-up leftovers, then leaving MASTER
    CHECK(removes[1].first == restart + mdi_100);
}

TEST_CASE("nopreempt: the restarted higher-priority router stays backup") {
    auto config = instance("VI_1", 51, 100, "192.0.2.1");
    config.preempt = PreemptMode::nopreempt;
    World world = r1_restarted(config);
    world.start(0);
    const auto before = world.adverts_from(0).size();
    world.advance(20s);
    CHECK(world.adverts_from(0).size() == before);
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.state(1, "VI_1") == State::master);
}

TEST_CASE("preempt_delay: lower adverts are accepted until the delay expires") {
    LogCapture logs;
    auto config = instance("VI_1", 51, 100, "192.0.2.1");
    config.preempt_delay = 10s;
    World world = r1_restarted(config);
    const long long restart = us(world.now());
    world.start(0);
    const auto before = world.adverts_from(0).size();
    world.advance(30s);
    const auto r1 = world.adverts_from(0);
    REQUIRE(r1.size() > before);
    // The delay starts at r2's first advert after the restart; the last accepted advert is
    // the last one before it expires; takeover is one Master_Down_Interval later.
    long long first_seen = 0;
    long long last_accepted = 0;
    for (const auto& a : world.adverts_from(1)) {
        if (a.time_us > restart && first_seen == 0) {
            first_seen = a.time_us;
        }
        if (first_seen != 0 && a.time_us < first_seen + 10000000) {
            last_accepted = a.time_us;
        }
    }
    CHECK(r1[before].time_us == last_accepted + mdi_100);
    CHECK(logs.contains("(VI_1) start preempt delay (10.000000)"));
    // keepalived 2.2.7 with preempt_delay 5.5 logged 3 discards: adverts at +6, +7, +8 s.
    CHECK(logs.count("(VI_1) received lower priority (90) advert from 192.0.2.2 - discarding") ==
          3);
    CHECK(world.state(0, "VI_1") == State::master);
}

TEST_CASE("split brain heals within one advert; on equal priority the higher IP wins") {
    LogCapture logs;
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    auto b = instance("VI_1", 51, 100, "192.0.2.2");
    World world({{"r1", {a}}, {"r2", {b}}});
    world.set_linked(0, false);
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    REQUIRE(world.state(1, "VI_1") == State::master);
    world.set_linked(0, true);
    world.advance(2s);
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.state(1, "VI_1") == State::master);
    CHECK(logs.contains("(VI_1) Master received advert from 192.0.2.2 with same priority 100 but "
                        "higher IP address than ours"));
}

TEST_CASE("a master answers a lower-priority master at once and re-announces") {
    LogCapture logs;
    World world({{"r1", {r1_vi1()}}, {"r2", {r2_vi1()}}});
    world.set_linked(0, false);
    world.start_all();
    world.advance_to(epoch + 5620ms);
    REQUIRE(world.state(1, "VI_1") == State::master);
    world.set_linked(0, true);
    const auto r1_before = world.adverts_from(0).size();
    world.advance(2s);
    CHECK(world.state(0, "VI_1") == State::master);
    CHECK(world.state(1, "VI_1") == State::backup);
    CHECK(logs.contains("(VI_1) Received advert from 192.0.2.2 with lower priority 90, ours 100, "
                        "forcing new election"));
    CHECK(world.adverts_from(0).size() > r1_before);
}

TEST_CASE("VRRPv3 at 10 ms: the backup takes over 3 x 10 ms + skew after the last advert") {
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    auto b = instance("VI_1", 51, 90, "192.0.2.2");
    for (auto* c : {&a, &b}) {
        c->version = ProtocolVersion::v3;
        c->advert_interval = 10ms;
    }
    World world({{"r1", {a}}, {"r2", {b}}});
    world.start_all();
    world.advance(1s);
    const auto r1 = world.adverts_from(0);
    REQUIRE(r1.size() > 10);
    CHECK(r1.front().time_us == 30000 + 6093);
    CHECK(r1[1].time_us - r1[0].time_us == 10000);
    const long long last = r1.back().time_us;
    world.kill(0);
    world.advance(1s);
    const auto r2 = world.adverts_from(1);
    REQUIRE(!r2.empty());
    CHECK(r2.front().time_us == last + 30000 + 6484);
}

TEST_CASE("a v3 backup learns the master's interval and reverts on becoming master") {
    LogCapture logs;
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    auto b = instance("VI_1", 51, 90, "192.0.2.2");
    a.version = b.version = ProtocolVersion::v3;
    a.advert_interval = 2s;
    World world({{"r1", {a}}, {"r2", {b}}});
    world.start_all();
    world.advance(10s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    CHECK(world.router(1).instance(0).master_adver_interval() == 2s);
    CHECK(logs.contains("(VI_1) advertisement interval updated from 1000ms to 2000ms by master"));
    const long long last = world.adverts_from(0).back().time_us;
    world.kill(0);
    world.advance(10s);
    // 3 x 2 s + (256-90) x 2 s / 256
    const auto r2 = after(world.adverts_from(1), last);
    REQUIRE(r2.size() >= 2);
    CHECK(r2.front().time_us == last + 6000000 + 1296875);
    CHECK(r2[1].time_us - r2[0].time_us == 1000000);
}

TEST_CASE("tracker weight flip: the master's priority drops and the backup takes over") {
    LogCapture logs;
    auto a = r1_vi1();
    a.trackers.push_back({TrackerKind::script, "chk", -20, TrackerReverse::normal});
    World world({{"r1", {a}}, {"r2", {r2_vi1()}}});
    const auto chk = *world.router(0).find_tracker(TrackerKind::script, "chk");
    world.run(0, [&](Router& r, Actions& out) { r.on_tracker(chk, TrackerHealth::up, world.now(), out); });
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    world.advance(200ms);
    world.run(0, [&](Router& r, Actions& out) {
        r.on_tracker(chk, TrackerHealth::down, world.now(), out);
    });
    CHECK(logs.contains("(VI_1) Changing effective priority from 100 to 80"));
    const long long last_accepted = world.adverts_from(0).back().time_us;
    world.advance(10s);
    CHECK(logs.contains("(VI_1) received lower priority (80) advert from 192.0.2.1 - discarding"));
    REQUIRE(!world.adverts_from(1).empty());
    CHECK(world.adverts_from(1).front().time_us == last_accepted + mdi_90);
    CHECK(world.state(1, "VI_1") == State::master);
    CHECK(world.state(0, "VI_1") == State::backup);
}

TEST_CASE("unweighted tracker failure: FAULT with priority 0, back to BACKUP with the full timer") {
    LogCapture logs;
    World world = pair();
    world.start_all();
    world.advance(5s);
    const long long down_at = us(world.now());
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth0", LinkState::down, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::fault);
    CHECK(logs.contains("(VI_1) Entering FAULT STATE"));
    CHECK(world.adverts_from(0).back().priority == 0);
    CHECK(world.adverts_from(0).back().time_us == down_at);
    world.advance(5s);
    CHECK(world.adverts_from(1).front().time_us == down_at + skew_90);
    const long long up_at = us(world.now());
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth0", LinkState::up, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::backup);
    world.advance(10s);
    // No instant preemption: r1 waits a full down timer, then preempts.
    const auto r1 = world.adverts_from(0);
    CHECK(r1.back().time_us > up_at);
    CHECK(world.state(0, "VI_1") == State::master);
    long long first_after = 0;
    for (const auto& a : r1) {
        if (a.time_us > up_at) {
            first_after = a.time_us;
            break;
        }
    }
    CHECK(first_after == up_at + mdi_100);
}

TEST_CASE("VIP deleted by hand: BACKUP with priority 0, MASTER again after Skew_Time") {
    LogCapture logs;
    World world({{"r1", {r1_vi1()}}});
    world.start_all();
    world.advance(5s);
    captured_log().clear();
    const long long at = us(world.now());
    world.run(0, [&](Router& r, Actions& out) {
        r.on_vip_deleted(0, ip("192.0.2.100"), world.now(), out);
    });
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.adverts_from(0).back().priority == 0);
    world.advance(1s);
    CHECK(world.state(0, "VI_1") == State::master);
    const auto adds = world.actions_of<AddAddresses>(0);
    REQUIRE(adds.size() == 2);
    CHECK(adds[1].first == at + 609375);
    // Observed with keepalived 2.2.7 (after its "Netlink reflector reports IP ..." line).
    const std::vector<std::string> expected{
        "(VI_1) Entering BACKUP STATE",   "(VI_1) sent 0 priority",
        "(VI_1) removing VIPs.",          "(VI_1) Receive advertisement timeout",
        "(VI_1) Entering MASTER STATE",   "(VI_1) setting VIPs.",
    };
    CHECK(captured_log() == expected);
}

TEST_CASE("address owner becomes master almost at once, without a BACKUP (init) notify") {
    auto owner = instance("VI_1", 51, 255, "192.0.2.1");
    owner.initial_state = InitialState::master;
    World world({{"r1", {owner}}, {"r2", {r2_vi1()}}});
    world.start_all();
    world.advance(1s);
    CHECK(world.adverts_from(0).front().time_us == 1);
    const auto notifies = world.actions_of<Notify>(0);
    REQUIRE(notifies.size() == 1);
    CHECK(notifies[0].second.event == NotifyEvent::master);
}

TEST_CASE("two address owners: configuration error, one reduces to 254") {
    LogCapture logs;
    auto a = instance("VI_1", 51, 255, "192.0.2.1");
    auto b = instance("VI_1", 51, 255, "192.0.2.2");
    a.initial_state = b.initial_state = InitialState::master;
    World world({{"r1", {a}}, {"r2", {b}}});
    world.set_linked(0, false);
    world.start_all();
    world.advance(2s);
    world.set_linked(0, true);
    world.advance(5s);
    CHECK(logs.contains("(VI_1) CONFIGURATION ERROR: local instance and a remote instance are "
                        "both configured as address owner, please fix - reducing local priority"));
    CHECK((world.state(0, "VI_1") == State::master) != (world.state(1, "VI_1") == State::master));
}

TEST_CASE("start-up of 200 instances on two nodes: no transient master on the lower node") {
    std::vector<InstanceConfig> high;
    std::vector<InstanceConfig> low;
    for (int i = 1; i <= 200; ++i) {
        const std::string name = "VI_" + std::to_string(i);
        const std::string vip = "198.51.100." + std::to_string(i);
        auto a = instance(name, static_cast<std::uint8_t>(i), 100, "192.0.2.1", vip);
        a.initial_state = InitialState::master;
        high.push_back(a);
        low.push_back(instance(name, static_cast<std::uint8_t>(i), 90, "192.0.2.2", vip));
    }
    World world({{"r1", high}, {"r2", low}});
    world.start_all();
    world.advance(20s);
    CHECK(world.master_transitions(1) == 0);
    CHECK(world.master_transitions(0) == 200);
    CHECK(world.adverts_from(1).empty());
    CHECK(world.drops() == 0);
    for (int i = 1; i <= 200; ++i) {
        CHECK(world.state(0, "VI_" + std::to_string(i)) == State::master);
    }
}

TEST_CASE("three routers: the next priority takes over, the lowest stays backup") {
    World world({{"r1", {r1_vi1()}},
                 {"r2", {r2_vi1()}},
                 {"r3", {instance("VI_1", 51, 80, "192.0.2.3")}}});
    world.start_all();
    world.advance(5s);
    const long long last = world.adverts_from(0).back().time_us;
    world.kill(0);
    world.advance(10s);
    CHECK(world.adverts_from(1).front().time_us == last + mdi_90);
    CHECK(world.state(1, "VI_1") == State::master);
    CHECK(world.state(2, "VI_1") == State::backup);
    CHECK(world.adverts_from(2).empty());
    CHECK(world.master_transitions(2) == 0);
}

TEST_CASE("a master ignores its own priority echoes and keeps its advert rate") {
    LogCapture logs;
    World world({{"r1", {r1_vi1()}}});
    world.start_all();
    world.advance(5s);
    const auto before = world.adverts_from(0);
    world.run(0, [&](Router& r, Actions& out) {
        r.on_advert(0, ReceivedAdvert{ip("192.0.2.1"), 100, 1s}, world.now(), out);
    });
    CHECK(logs.contains("(VI_1) WARNING - equal priority advert received from remote host with our "
                        "IP address."));
    world.advance(3s);
    const auto all = world.adverts_from(0);
    for (std::size_t i = 1; i < all.size(); ++i) {
        CHECK(all[i].time_us - all[i - 1].time_us == 1000000);
    }
}

TEST_CASE("IPv6 VRRPv3: link-local sources, the backup takes over after Master_Down_Interval") {
    auto v6 = [](std::string name, std::uint8_t priority, std::string_view source) {
        InstanceConfig config;
        config.name = std::move(name);
        config.vrid = 51;
        config.family = Family::ipv6;
        config.version = ProtocolVersion::v3;
        config.priority = priority;
        config.interface = "eth0";
        config.source = ip(source);
        config.vips = {VirtualAddress{ip("fe80::100"), 64, "eth0", {}, AddressTracking::tracked},
                       VirtualAddress{ip("2001:db8::100"), 64, "eth0", {},
                                      AddressTracking::tracked}};
        return config;
    };
    World world({{"r1", {v6("VI_6", 100, "fe80::1")}}, {"r2", {v6("VI_6", 90, "fe80::2")}}});
    world.start_all();
    world.advance(5s);
    CHECK(world.state(0, "VI_6") == State::master);
    CHECK(world.state(1, "VI_6") == State::backup);
    CHECK(world.drops() == 0);
    const long long last = world.adverts_from(0).back().time_us;
    world.kill(0);
    world.advance(5s);
    CHECK(world.adverts_from(1).front().time_us == last + mdi_90);
    const auto announces = world.actions_of<Announce>(1);
    REQUIRE(!announces.empty());
    CHECK(announces[0].second.addresses.size() == 2);
}

TEST_CASE("a backup whose priority rises takes over one new Master_Down_Interval after the last advert") {
    LogCapture logs;
    auto b = r2_vi1();
    b.trackers.push_back({TrackerKind::file, "tf", 1, TrackerReverse::normal});
    World world({{"r1", {instance("VI_1", 51, 100, "192.0.2.1")}}, {"r2", {b}}});
    world.start_all();
    world.advance(6s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    const long long last_accepted = world.adverts_from(0).back().time_us;
    world.advance(370ms);
    const auto tf = *world.router(1).find_tracker(TrackerKind::file, "tf");
    world.run(1, [&](Router& r, Actions& out) { r.on_tracker_value(tf, 20, world.now(), out); });
    CHECK(logs.contains("(VI_1) Changing effective priority from 90 to 110"));
    world.advance(5s);
    // Observed with keepalived 2.2.7: 3 s + (256-110)/256 s after the last accepted advert.
    CHECK(world.adverts_from(1).front().time_us == last_accepted + 3570312);
    CHECK(logs.count("(VI_1) received lower priority (100) advert from 192.0.2.1 - discarding") ==
          3);
    CHECK(world.state(1, "VI_1") == State::master);
}

TEST_CASE("RFC 6527 newMasterReason: silence, priority 0, preemption") {
    World world = pair();
    world.start_all();
    world.advance(5s);
    const auto reason = [&](std::size_t node) {
        return world.router(node).instance(*world.router(node).find_instance("VI_1")).master_reason();
    };
    CHECK(reason(0) == MasterReason::master_no_response); // nobody answered at start-up
    CHECK(reason(1) == MasterReason::not_master);
    world.stop(0); // priority 0: r2 takes over after Skew_Time
    world.advance(5s);
    CHECK(reason(1) == MasterReason::priority);
    // r1 comes back with the higher priority and preempts r2's lower adverts.
    world.replace(0, {r1_vi1()});
    world.start(0);
    world.advance(10s);
    CHECK(world.state(0, "VI_1") == State::master);
    CHECK(reason(0) == MasterReason::preempted);
    CHECK(reason(1) == MasterReason::priority); // kept after leaving MASTER
}

TEST_CASE("start: `state MASTER` below 255 is BACKUP wanting MASTER until an advert decides") {
    // keepalived's dump shows "State = BACKUP", "Wantstate = MASTER" until the first advert
    // or down timer (vrrp_scheduler.c vrrp_init_state keeps the configured wantstate).
    auto lower = instance("VI_1", 51, 90, "192.0.2.1");
    lower.initial_state = InitialState::master;
    World world({{"r1", {lower}}, {"r2", {instance("VI_1", 51, 100, "192.0.2.2")}}});
    world.start_all();
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.router(0).instance(0).want_state() == State::master);
    CHECK(world.router(1).instance(0).want_state() == State::backup);
    world.advance(10s);
    CHECK(world.state(1, "VI_1") == State::master);
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.router(0).instance(0).want_state() == State::backup);
}
