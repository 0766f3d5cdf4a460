// SessionTable: demultiplexing, the session checks, discriminators, AdminDown and reload.

#include "link_harness.hpp"

#include <doctest/doctest.h>

using namespace vigil::bfd;
using namespace vigil::bfd::test;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t discr_a = 0xa1a1a1a1;
constexpr std::uint32_t discr_b = 0xb2b2b2b2;

ControlPacket from_b(SessionState state, std::uint32_t your = 0) {
    ControlPacket p;
    p.state = state;
    p.detect_mult = 3;
    p.my_discriminator = discr_b;
    p.your_discriminator = your;
    p.desired_min_tx = 1s;
    p.required_min_rx = 300ms;
    return p;
}

struct One {
    ScriptedRandom random_a{{discr_a}};
    ScriptedRandom random_b{{discr_b}};
    Link link{random_a, random_b};
};

} // namespace

TEST_CASE("demultiplexing by Your Discriminator, then by address") {
    One o;
    o.link.configure(0, {settings("B1", "192.0.2.2")});
    CHECK(o.link.inject(0, from_b(SessionState::down, 0x12345678)) ==
          DropReason::unknown_discriminator);
    CHECK(o.link.inject(0, from_b(SessionState::down, discr_a)) == DropReason::none);
    CHECK(o.link.session(0).state() == SessionState::init);
    o.link.address[1] = ip("192.0.2.9"); // an unknown neighbour with Your Discriminator 0
    CHECK(o.link.inject(0, from_b(SessionState::down)) == DropReason::no_session);
    CHECK(o.link.table(0).drops(DropReason::no_session) == 1);
    CHECK(o.link.table(0).drops(DropReason::unknown_discriminator) == 1);
    CHECK(LogCapture::has("Discarding packet from [192.0.2.2]:49152 (session is not found - "
                          "your discriminator field is 0x12345678)"));
}

TEST_CASE("a configured source address must match the packet's destination") {
    One o;
    auto s = settings("B1", "192.0.2.2");
    s.source = ip("192.0.2.1");
    o.link.configure(0, {s});
    o.link.address[0] = ip("192.0.2.77"); // the packet was sent to another local address
    CHECK(o.link.inject(0, from_b(SessionState::down)) == DropReason::no_session);
    o.link.address[0] = ip("192.0.2.1");
    CHECK(o.link.inject(0, from_b(SessionState::down)) == DropReason::none);
}

TEST_CASE("RFC 5881 section 5: TTL below the minimum is discarded") {
    One o;
    auto s = settings("B1", "192.0.2.2");
    o.link.configure(0, {s});
    CHECK(o.link.inject(0, from_b(SessionState::down), 254) == DropReason::ttl);
    CHECK(o.link.session(0).state() == SessionState::down);
    CHECK(LogCapture::has("Packet ttl(254) < 255 - discarding"));
    // A packet without a TTL control message (0) is not checked, as keepalived does.
    CHECK(o.link.inject(0, from_b(SessionState::down), 0) == DropReason::none);

    One hops;
    s.min_received_ttl = 254; // ttl 255, max_hops 1
    hops.link.configure(0, {s});
    CHECK(hops.link.inject(0, from_b(SessionState::down), 254) == DropReason::none);
    CHECK(hops.link.inject(0, from_b(SessionState::down), 253) == DropReason::ttl);
}

TEST_CASE("authentication bit: discarded, no authentication is configured") {
    One o;
    o.link.configure(0, {settings("B1", "192.0.2.2")});
    std::vector<std::byte> bytes;
    encode(from_b(SessionState::down), bytes);
    bytes[1] |= std::byte{0x04};
    bytes[3] = std::byte{26};
    bytes.resize(26);
    ReceivedPacket r;
    r.payload = bytes;
    r.source = ip("192.0.2.2");
    r.ttl = 255;
    Actions out;
    CHECK(o.link.table(0).receive(r, o.link.now, out) == DropReason::authentication);
    CHECK(out.empty());
}

TEST_CASE("local AdminDown: silent, discards everything, then comes back") {
    One o;
    o.link.configure(0, {settings("B1", "192.0.2.2")});
    Actions out;
    o.link.table(0).disable(0, out);
    CHECK(o.link.session(0).state() == SessionState::admin_down);
    CHECK(o.link.session(0).local_diagnostic() == Diagnostic::admin_down);
    CHECK(o.link.session(0).deadline() == Session::never);
    CHECK(o.link.inject(0, from_b(SessionState::down)) == DropReason::admin_down);
    const auto sent = o.link.sent.size();
    o.link.run_for(5s);
    CHECK(o.link.sent.size() == sent);

    out.clear();
    o.link.table(0).enable(0, o.link.now, out);
    CHECK(o.link.session(0).state() == SessionState::down);
    REQUIRE(out.size() == 2); // the state change and the first packet
    CHECK(std::get<SendControl>(out[1]).packet.state == SessionState::down);
}

TEST_CASE("discriminators are nonzero and unique") {
    // The source offers 0 and a duplicate first: both are skipped.
    ScriptedRandom random{{0, 7, 7, 9}, 5};
    ScriptedRandom other{{1}};
    Link link{random, other};
    link.configure(0, {settings("B1", "192.0.2.2"), settings("B2", "192.0.2.3")});
    CHECK(link.session(0, 0).local_discriminator() == 7);
    CHECK(link.session(0, 1).local_discriminator() == 9);

    // A source stuck on 0 ends in a probe, not a hang.
    ScriptedRandom zeros{{}, 0};
    Link stuck{zeros, other};
    stuck.configure(0, {settings("B1", "192.0.2.2"), settings("B2", "192.0.2.3")});
    CHECK(stuck.session(0, 0).local_discriminator() == 1);
    CHECK(stuck.session(0, 1).local_discriminator() == 2);
}

TEST_CASE("reload: a kept session keeps its state, discriminator and timers") {
    ScriptedRandom ra{{discr_a}}, rb{{discr_b}};
    Link link{ra, rb};
    link.configure(0, {settings("B1", "192.0.2.2")});
    link.configure(1, {frr_like("P1", "192.0.2.1")});
    link.run_until(link.t0 + 3s);
    REQUIRE(link.session(0).state() == SessionState::up);
    const auto deadline = link.session(0).transmit_deadline();
    const auto sent = link.sent.size();
    const auto reports = link.reports.size();

    link.configure(0, {settings("B1", "192.0.2.2")});
    CHECK(link.session(0).state() == SessionState::up);
    CHECK(link.session(0).local_discriminator() == discr_a);
    CHECK(link.session(0).transmit_deadline() == deadline);
    CHECK_FALSE(link.session(0).polling());
    CHECK(link.sent.size() == sent); // nothing sent at once
    // The current state is reported again, as keepalived does after a reload.
    REQUIRE(link.reports.size() == reports + 1);
    CHECK(link.reports.back().state == Reported::up);
    link.run_for(5s);
    CHECK(link.session(0).stats().down_transitions == 0);
}

TEST_CASE("reload: changed intervals start a Poll Sequence; an increase waits for F") {
    ScriptedRandom ra{{discr_a}}, rb{{discr_b}};
    Link link{ra, rb};
    auto a = settings("B1", "192.0.2.2");
    a.desired_min_tx = 400ms;
    link.configure(0, {a});
    link.configure(1, {frr_like("P1", "192.0.2.1")});
    link.run_until(link.t0 + 3s);
    REQUIRE(link.session(0).transmit_interval() == 400ms);

    link.carries[1] = false; // hold B's Final back
    a.desired_min_tx = 600ms;
    link.configure(0, {a});
    CHECK(link.session(0).polling());
    CHECK(link.session(0).desired_min_tx() == 600ms);
    CHECK(link.session(0).transmit_interval() == 400ms); // section 6.8.3
    const auto reloaded = link.now;
    link.run_for(500ms);
    const auto polls = link.sent_by(0, reloaded + 1us);
    REQUIRE_FALSE(polls.empty());
    CHECK(polls.front().packet.poll);
    CHECK(polls.front().packet.desired_min_tx == 600ms);

    link.carries[1] = true;
    link.run_for(1s);
    CHECK_FALSE(link.session(0).polling());
    CHECK(link.session(0).transmit_interval() == 600ms);
    CHECK(link.session(0).state() == SessionState::up);
}

TEST_CASE("reload: a decrease of Required Min RX keeps the old Detection Time until F") {
    ScriptedRandom ra{{discr_a}}, rb{{discr_b}};
    Link link{ra, rb};
    auto a = settings("B1", "192.0.2.2");
    a.required_min_rx = 500ms;
    link.configure(0, {a});
    link.configure(1, {frr_like("P1", "192.0.2.1")});
    link.run_until(link.t0 + 4s);
    REQUIRE(link.session(0).detection_time() == 1500ms);
    a.required_min_rx = 100ms;
    link.configure(0, {a});
    CHECK(link.session(0).polling());
    CHECK(link.session(0).required_min_rx() == 100ms);
    CHECK(link.session(0).detection_time() == 1500ms); // section 6.8.3
    link.run_for(2s);
    CHECK_FALSE(link.session(0).polling());
    CHECK(link.session(0).detection_time() == 900ms); // 3 x B's 300 ms
}

TEST_CASE("reload: a renamed or readdressed session starts afresh") {
    XorShift ra{99};
    ScriptedRandom rb{{discr_b}};
    Link link{ra, rb};
    link.configure(0, {settings("B1", "192.0.2.2")});
    link.configure(1, {frr_like("P1", "192.0.2.1")});
    link.run_until(link.t0 + 3s);
    const auto first = link.session(0).local_discriminator();
    const auto sent = link.sent.size();
    link.configure(0, {settings("B2", "192.0.2.2")});
    CHECK(link.session(0).name() == "B2");
    CHECK(link.session(0).state() == SessionState::down);
    const auto renamed = link.session(0).local_discriminator();
    CHECK(renamed != first);
    CHECK(renamed != 0);
    CHECK(link.sent.size() == sent); // a reload's new session waits one interval
    CHECK(link.table(0).find("B1") == nullptr);
    link.configure(0, {settings("B2", "192.0.2.3")});
    CHECK(link.session(0).local_discriminator() != renamed);
}
