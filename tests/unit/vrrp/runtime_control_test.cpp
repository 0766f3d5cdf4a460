// Run-time changes an operator makes through SNMP (keepalived 2.2.7's vrrp_snmp.c write
// handlers): Router::set_base_priority and Router::set_preempt, in the two-router world.
#include "engine_harness.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;
using namespace vigil::vrrp::test;

namespace {

World two_routers() {
    auto master = instance("VI_1", 51, 100, "192.0.2.1");
    master.initial_state = InitialState::master;
    return World({{"r1", {master}}, {"r2", {instance("VI_1", 51, 90, "192.0.2.2")}}});
}

InstanceId vi1(World& world, std::size_t node) { return *world.router(node).find_instance("VI_1"); }

} // namespace

TEST_CASE("a backup's base priority raised above the master's: logged, effective at once, takeover") {
    LogCapture logs;
    World world = two_routers();
    world.start_all();
    world.advance(6s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    world.run(1, [&](Router& r, Actions& out) { r.set_base_priority(vi1(world, 1), 150, out); });
    CHECK(logs.contains("(VI_1) base priority changed from 90 to 150 via SNMP."));
    CHECK(logs.contains("(VI_1) Changing effective priority from 90 to 150"));
    CHECK(world.router(1).instance(vi1(world, 1)).base_priority() == 150);
    CHECK(world.router(1).instance(vi1(world, 1)).effective_priority() == 150);
    world.advance(5s);
    CHECK(world.state(1, "VI_1") == State::master);
    CHECK(world.state(0, "VI_1") == State::backup);
}

TEST_CASE("a master's base priority lowered below its peer's: the peer takes over") {
    LogCapture logs;
    World world = two_routers();
    world.start_all();
    world.advance(6s);
    REQUIRE(world.state(0, "VI_1") == State::master);
    world.run(0, [&](Router& r, Actions& out) { r.set_base_priority(vi1(world, 0), 50, out); });
    CHECK(logs.contains("(VI_1) base priority changed from 100 to 50 via SNMP."));
    world.advance(5s);
    CHECK(world.state(1, "VI_1") == State::master);
    CHECK(world.state(0, "VI_1") == State::backup);
}

TEST_CASE("preemption disabled at run time: the higher backup stays backup until it is enabled again") {
    LogCapture logs;
    World world = two_routers();
    world.start_all();
    world.advance(6s);
    world.run(1, [&](Router& r, Actions&) { r.set_preempt(vi1(world, 1), PreemptMode::nopreempt); });
    CHECK(logs.contains("(VI_1) preemption disabled with SNMP"));
    world.run(1, [&](Router& r, Actions& out) { r.set_base_priority(vi1(world, 1), 150, out); });
    world.advance(6s);
    CHECK(world.state(1, "VI_1") == State::backup);
    world.run(1, [&](Router& r, Actions&) { r.set_preempt(vi1(world, 1), PreemptMode::preempt); });
    CHECK(logs.contains("(VI_1) preemption enabled with SNMP"));
    world.advance(6s);
    CHECK(world.state(1, "VI_1") == State::master);
}
