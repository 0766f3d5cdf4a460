// Sync groups: members move together (keepalived 2.2.7 vrrp_sync.c behaviour).

#include "engine_harness.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;
using namespace vigil::vrrp::test;

namespace {

std::vector<InstanceConfig> members(std::uint8_t priority, std::string_view source) {
    auto a = instance("VI_1", 51, priority, source, "192.0.2.100");
    auto b = instance("VI_2", 52, priority, source, "198.51.100.100");
    b.interface = "eth1";
    b.vips[0].interface = "eth1";
    return {a, b};
}

std::vector<SyncGroupConfig> group() {
    return {SyncGroupConfig{"G", {"VI_1", "VI_2"}, Switch::off, Switch::off}};
}

// Line by line, so a failure names the first differing line.
void check_log(const std::vector<std::string>& expected) {
    const auto& log = captured_log();
    for (std::size_t i = 0; i < std::max(expected.size(), log.size()); ++i) {
        CAPTURE(i);
        CHECK((i < log.size() ? log[i] : "") == (i < expected.size() ? expected[i] : ""));
    }
}

// VI_1 and VI_2 on one router, both priority 100.
std::vector<InstanceConfig> one_router_pair() {
    return {instance("VI_1", 51, 100, "192.0.2.1"),
            instance("VI_2", 52, 100, "192.0.2.1", "192.0.2.101")};
}

std::vector<NotifyEvent> group_notifies(const World& world, std::size_t node) {
    std::vector<NotifyEvent> result;
    for (const auto& [time, notify] : world.actions_of<Notify>(node)) {
        if (notify.target == NotifyTarget::group) {
            result.push_back(notify.event);
        }
    }
    return result;
}

} // namespace

TEST_CASE("sync group: FAULT of one member takes the group to FAULT, recovery to BACKUP") {
    LogCapture logs;
    World world({{"r1", members(100, "192.0.2.1")}, {"r2", members(90, "192.0.2.2")}},
                {group(), group()});
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    REQUIRE(world.state(0, "VI_2") == State::master);
    CHECK(logs.contains("VRRP_Group(G) Syncing instances to MASTER state"));

    captured_log().clear();
    const long long down_at = us(world.now());
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth1", LinkState::down, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::fault);
    CHECK(world.state(0, "VI_2") == State::fault);
    const std::vector<std::string> expected{
        "(VI_2) Entering FAULT STATE",
        "(VI_2) sent 0 priority",
        "(VI_2) removing VIPs.",
        "VRRP_Group(G) Syncing instances to FAULT state",
        "(VI_1) Entering FAULT STATE",
        "(VI_1) removing VIPs.", // its priority-0 advert goes out without a log line
    };
    CHECK(std::vector<std::string>(captured_log().begin(),
                                   captured_log().begin() + 6) == expected);
    // Both priority-0 adverts went out; r2's members both take over after Skew_Time.
    world.advance(2s);
    CHECK(world.state(1, "VI_1") == State::master);
    CHECK(world.state(1, "VI_2") == State::master);
    CHECK(world.adverts_from(1).front().time_us == down_at + 648437);
    CHECK(group_notifies(world, 0) ==
          std::vector<NotifyEvent>{NotifyEvent::backup, NotifyEvent::master, NotifyEvent::fault});
    CHECK(group_notifies(world, 1) ==
          std::vector<NotifyEvent>{NotifyEvent::backup, NotifyEvent::master});

    const long long up_at = us(world.now());
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth1", LinkState::up, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.state(0, "VI_2") == State::backup);
    world.advance(20s);
    // Preemption only after the down timers: both members together.
    CHECK(world.state(0, "VI_1") == State::master);
    CHECK(world.state(0, "VI_2") == State::master);
    CHECK(world.state(1, "VI_1") == State::backup);
    CHECK(world.state(1, "VI_2") == State::backup);
    long long first_after = 0;
    for (const auto& a : world.adverts_from(0)) {
        if (a.time_us > up_at) {
            first_after = a.time_us;
            break;
        }
    }
    CHECK(first_after >= up_at + 3609375);
    CHECK(group_notifies(world, 0).back() == NotifyEvent::master);
}

TEST_CASE("sync group: notify order matches keepalived's FIFO") {
    auto pair = one_router_pair();
    pair[1].trackers.push_back({TrackerKind::interface, "eth1", 0, TrackerReverse::normal});
    World world({{"r1", pair}}, {group()});
    world.start_all();
    world.advance(5s);
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth1", LinkState::down, world.now(), out); });
    world.advance(2s);
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth1", LinkState::up, world.now(), out); });
    world.advance(5s);
    world.stop(0);
    std::vector<std::string> lines;
    for (const auto& [time, n] : world.actions_of<Notify>(0)) {
        lines.push_back(std::string(n.target == NotifyTarget::group ? "GROUP" : "INSTANCE") +
                        " \"" + n.name + "\" " + std::string(to_string(n.event)) + " " +
                        std::to_string(n.priority));
    }
    // Observed on keepalived 2.2.7's vrrp_notify_fifo with the same sequence of events.
    const std::vector<std::string> expected{
        "GROUP \"G\" BACKUP 0",      "INSTANCE \"VI_1\" BACKUP 100", "INSTANCE \"VI_2\" BACKUP 100",
        "INSTANCE \"VI_2\" MASTER 100", "INSTANCE \"VI_1\" MASTER 100", "GROUP \"G\" MASTER 0",
        "INSTANCE \"VI_2\" FAULT 100",  "INSTANCE \"VI_1\" FAULT 100",  "GROUP \"G\" FAULT 0",
        "INSTANCE \"VI_2\" BACKUP 100", "INSTANCE \"VI_1\" BACKUP 100", "GROUP \"G\" BACKUP 0",
        "INSTANCE \"VI_1\" MASTER 100", "INSTANCE \"VI_2\" MASTER 100", "GROUP \"G\" MASTER 0",
        "INSTANCE \"VI_1\" STOP 100",   "INSTANCE \"VI_2\" STOP 100",   "GROUP \"G\" STOP 0",
    };
    CHECK(lines == expected);
}

TEST_CASE("sync group: a member only goes MASTER when every member wants it") {
    LogCapture logs;
    auto a = instance("VI_1", 51, 100, "192.0.2.1");
    auto b = instance("VI_2", 52, 100, "192.0.2.1", "198.51.100.100");
    a.version = b.version = ProtocolVersion::v3;
    a.advert_interval = 500ms;
    World world({{"r1", {a, b}}}, {group()});
    world.start_all();
    // VI_1 times out at 1.5 s + skew and waits; VI_2 at 3.609 s; then both go MASTER.
    world.advance(3s);
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.router(0).instance(0).want_state() == State::master);
    world.advance(1s);
    CHECK(world.state(0, "VI_1") == State::master);
    CHECK(world.state(0, "VI_2") == State::master);
    const auto adverts = world.adverts_from(0);
    REQUIRE(adverts.size() >= 2);
    CHECK(adverts[0].time_us == 3609375);
    CHECK(adverts[1].time_us == 3609375);
}

TEST_CASE("sync group: one member preempted takes the others to BACKUP") {
    LogCapture logs;
    World world({{"r1", members(100, "192.0.2.1")}, {"r2", members(90, "192.0.2.2")}},
                {group(), group()});
    world.set_linked(0, false);
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(1, "VI_1") == State::master);
    // Only VI_1's advert reaches r2 at first (r1's members are masters too).
    world.set_linked(0, true);
    world.advance(2s);
    CHECK(logs.contains("VRRP_Group(G) Syncing instances to BACKUP state"));
    CHECK(world.state(1, "VI_1") == State::backup);
    CHECK(world.state(1, "VI_2") == State::backup);
    CHECK(world.state(0, "VI_1") == State::master);
    CHECK(world.state(0, "VI_2") == State::master);
}

TEST_CASE("sync group start-up with a member's interface down: keepalived's exact lines") {
    LogCapture logs;
    auto pair = one_router_pair();
    pair[1].trackers.push_back({TrackerKind::interface, "eth1", 0, TrackerReverse::normal});
    World world({{"r1", pair}}, {group()});
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth1", LinkState::down, world.now(), out); });
    world.start_all();
    world.advance(2s);
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth1", LinkState::up, world.now(), out); });
    world.advance(5s);
    // Observed with keepalived 2.2.7 (same config, eth1 down at start, then up).
    const std::vector<std::string> expected{
        "(VI_2): entering FAULT state (interface eth1 down)",
        "VRRP_Group(G): Syncing VI_2 to FAULT state",
        "(VI_1) entering FAULT state",
        "(VI_2) entering FAULT state",
        "(VI_1) removing VIPs.",
        "(VI_2) removing VIPs.",
        "(VI_2) Entering BACKUP STATE",
        "VRRP_Group(G) Syncing instances to BACKUP state",
        "(VI_1) Entering BACKUP STATE",
        "(VI_2) Receive advertisement timeout",
        "(VI_1) Receive advertisement timeout",
        "(VI_1) Entering MASTER STATE",
        "(VI_1) setting VIPs.",
        "VRRP_Group(G) Syncing instances to MASTER state",
        "(VI_2) Entering MASTER STATE",
        "(VI_2) setting VIPs.",
    };
    check_log(expected);
}

TEST_CASE("sync group start-up without faults: keepalived's exact lines") {
    LogCapture logs;
    World world({{"r1", one_router_pair()}}, {group()});
    world.start_all();
    world.advance(5s);
    const std::vector<std::string> expected{
        "(VI_1) removing VIPs.",
        "(VI_2) removing VIPs.",
        "(VI_1) Entering BACKUP STATE (init)",
        "(VI_2) Entering BACKUP STATE (init)",
        "(VI_1) Receive advertisement timeout",
        "(VI_2) Receive advertisement timeout",
        "(VI_2) Entering MASTER STATE",
        "(VI_2) setting VIPs.",
        "VRRP_Group(G) Syncing instances to MASTER state",
        "(VI_1) Entering MASTER STATE",
        "(VI_1) setting VIPs.",
    };
    check_log(expected);
}

TEST_CASE("sync group preempted by a later, higher group: keepalived's exact lines") {
    LogCapture logs;
    World world({{"low", members(90, "192.0.2.1")}, {"high", members(100, "192.0.2.2")}},
                {group(), group()});
    world.start(0);
    world.advance(5s);
    world.start(1);
    captured_log().clear();
    world.advance(5s);
    // Observed with keepalived 2.2.7 (the lines of both routers, in time order), from the
    // high group's timeout on. Before it, each high member discarded 3 adverts (keepalived
    // interleaves VI_1 before VI_2 there; the order of equal timers is not modelled).
    CHECK(logs.count("(VI_1) received lower priority (90) advert from 192.0.2.1 - discarding") ==
          3);
    CHECK(logs.count("(VI_2) received lower priority (90) advert from 192.0.2.1 - discarding") ==
          3);
    const std::vector<std::string> expected{
        "(VI_1) Receive advertisement timeout",
        "(VI_2) Receive advertisement timeout",
        "(VI_2) Entering MASTER STATE",
        "(VI_2) setting VIPs.",
        "VRRP_Group(G) Syncing instances to MASTER state",
        "(VI_1) Entering MASTER STATE",
        "(VI_1) setting VIPs.",
        "(VI_2) Master received advert from 192.0.2.2 with higher priority 100, ours 90",
        "(VI_2) Entering BACKUP STATE",
        "(VI_2) removing VIPs.",
        "VRRP_Group(G) Syncing instances to BACKUP state",
        "(VI_1) Entering BACKUP STATE",
        "(VI_1) removing VIPs.",
    };
    const auto& log = captured_log();
    const auto from = std::find(log.begin(), log.end(), "(VI_1) Receive advertisement timeout");
    CHECK(std::vector<std::string>(from, log.end()) == expected);
    CHECK(world.state(0, "VI_1") == State::backup);
    CHECK(world.state(0, "VI_2") == State::backup);
}

TEST_CASE("start-up notifications: faulty instances, then groups, then backups (keepalived 2.2.7)") {
    // vrrp.c vrrp_complete_init notifies the instances that start in FAULT; vrrp_scheduler.c
    // vrrp_init_state then the groups in FAULT or BACKUP, then the instances entering BACKUP.
    // A group of address owners starts in MASTER without a notification, and none follows.
    std::vector<InstanceConfig> instances;
    const char* names[] = {"VI_A", "VI_B", "VI_C", "VI_D", "VI_E", "VI_F", "VI_H"};
    std::uint8_t vrid = 10;
    for (const char* name : names) {
        auto c = instance(name, vrid++, 100, "192.0.2.1");
        const std::string_view n = name;
        if (n == "VI_C" || n == "VI_D") {
            c.interface = "eth1";
            c.vips[0].interface = "eth1";
        }
        if (n == "VI_H") {
            c.priority = owner_priority;
            c.initial_state = InitialState::master;
        }
        instances.push_back(c);
    }
    std::vector<SyncGroupConfig> groups{SyncGroupConfig{"G2", {"VI_E", "VI_F"}, Switch::off, Switch::off},
                                        SyncGroupConfig{"G1", {"VI_B", "VI_D"}, Switch::off, Switch::off},
                                        SyncGroupConfig{"G3", {"VI_H"}, Switch::off, Switch::off}};
    World world({{"r1", instances}}, {groups});
    world.run(0, [&](Router& r, Actions& out) { r.on_link("eth1", LinkState::down, world.now(), out); });
    world.start_all();
    world.advance(1s);
    std::vector<std::string> lines;
    for (const auto& [time, notify] : world.actions_of<Notify>(0)) {
        lines.push_back(std::string(notify.target == NotifyTarget::group ? "GROUP " : "INSTANCE ") +
                        notify.name + " " + std::string(to_string(notify.event)));
    }
    const std::vector<std::string> expected{
        "INSTANCE VI_B FAULT", "INSTANCE VI_C FAULT",  "INSTANCE VI_D FAULT",  "GROUP G2 BACKUP",
        "GROUP G1 FAULT",      "INSTANCE VI_A BACKUP", "INSTANCE VI_E BACKUP", "INSTANCE VI_F BACKUP",
        "INSTANCE VI_H MASTER"};
    CHECK(lines == expected);
    CHECK(world.state(0, "VI_H") == State::master);
}

TEST_CASE("the interface of a VIP elsewhere is tracked, unless no_track (keepalived TRACK_ADDR)") {
    auto tracked = instance("VI_1", 51, 100, "192.0.2.1");
    tracked.vips.push_back(VirtualAddress{ip("198.51.100.1"), 32, "vrrp.51", {}, AddressTracking::tracked});
    auto untracked = instance("VI_2", 52, 100, "192.0.2.1", "192.0.2.101");
    untracked.vips.push_back(VirtualAddress{ip("198.51.100.2"), 32, "vrrp.51", {}, AddressTracking::no_track});
    World world({{"r1", {tracked, untracked}}});
    world.start_all();
    world.advance(5s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    REQUIRE(world.state(0, "VI_2") == State::master);
    world.run(0, [&](Router& r, Actions& out) { r.on_link("vrrp.51", LinkState::down, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::fault);
    CHECK(world.state(0, "VI_2") == State::master);
    world.run(0, [&](Router& r, Actions& out) { r.on_link("vrrp.51", LinkState::up, world.now(), out); });
    CHECK(world.state(0, "VI_1") == State::backup);
}
