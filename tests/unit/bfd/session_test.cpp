// Two BFD sessions on an in-memory link (100 us one way), times to the microsecond. Side 0
// ("A") has keepalived 2.2.7's defaults (10 ms / 10 ms, idle 1 s, multiplier 5); side 1 ("B")
// has FRR 8.4's (300 ms / 300 ms, multiplier 3). Jitter is 0 unless a test says otherwise.

#include "link_harness.hpp"

#include <doctest/doctest.h>

using namespace vigil::bfd;
using namespace vigil::bfd::test;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t discr_a = 0xa1a1a1a1;
constexpr std::uint32_t discr_b = 0xb2b2b2b2;

struct Pair {
    ScriptedRandom random_a{{discr_a}};
    ScriptedRandom random_b{{discr_b}};
    Link link{random_a, random_b};

    Pair() {
        link.configure(0, {settings("B1", "192.0.2.2")});
        link.configure(1, {frr_like("P1", "192.0.2.1")});
    }
};

} // namespace

TEST_CASE("bring-up: Down, Init, Up after one idle interval, then the Poll Sequence") {
    Pair p;
    auto& link = p.link;
    const auto t0 = link.t0;
    // Both send Down at once (keepalived sends its first packet at start-up).
    REQUIRE(link.sent.size() == 2);
    CHECK(link.sent[0].packet.state == SessionState::down);
    CHECK(link.sent[0].packet.my_discriminator == discr_a);
    CHECK(link.sent[0].packet.your_discriminator == 0);
    CHECK(link.sent[0].packet.desired_min_tx == 1s); // idle_tx until Up
    CHECK(link.sent[0].packet.required_min_rx == 10ms);
    CHECK(link.sent[0].packet.detect_mult == 5);
    // Start-up reports Down to the consumers.
    REQUIRE(link.reports.size() == 2);
    CHECK(link.reports[0].state == Reported::down);

    link.run_until(t0 + 2s);
    CHECK(link.entered(0, SessionState::init) == t0 + 100us);
    CHECK(link.entered(1, SessionState::init) == t0 + 100us);
    // Init packets leave at t0 + 1 s (idle interval); each side is Up when the other's arrives.
    CHECK(link.entered(0, SessionState::up) == t0 + 1s + 100us);
    CHECK(link.entered(1, SessionState::up) == t0 + 1s + 100us);
    CHECK(link.reports.back().state == Reported::up);

    // Up: A advertises min_tx 10 ms and sends at max(10 ms, B's 300 ms) = 300 ms, with P.
    const auto a_up = link.sent_by(0, t0 + 1s + 1us);
    REQUIRE(a_up.size() >= 2);
    CHECK(a_up[0].at == t0 + 1300ms);
    CHECK(a_up[0].packet.poll);
    CHECK(a_up[0].packet.desired_min_tx == 10ms);
    CHECK(a_up[0].packet.state == SessionState::up);
    // B's Poll arrives at 1.3001 s: A answers with F at once, outside its schedule.
    CHECK(a_up[1].at == t0 + 1300ms + 100us);
    CHECK(a_up[1].packet.final);
    CHECK_FALSE(a_up[1].packet.poll);
    // B's Final ends A's Poll Sequence: the next periodic packet has no P.
    CHECK(a_up[2].at == t0 + 1600ms);
    CHECK_FALSE(a_up[2].packet.poll);
    CHECK_FALSE(link.session(0).polling());
    // Detection Time: 3 x 300 ms (keepalived logs "Detection time is 900000 us").
    CHECK(link.session(0).detection_time() == 900ms);
    CHECK(link.session(1).detection_time() == 1500ms);
    CHECK(link.session(0).transmit_interval() == 300ms);
    // keepalived's lines, indentation included.
    CHECK(LogCapture::has("(B1) Entering Up state"));
    CHECK(LogCapture::has("(B1) Starting poll sequence"));
    CHECK(LogCapture::has("     Detection time is 3000000 us (was 0 us)"));
    CHECK(LogCapture::has("     Detection time is 900000 us (was 3000000 us)"));
    // The -D parameter table keepalived prints when the remote's timers change.
    CHECK(LogCapture::has("(B1) ---------------< Session parameters >--------------"));
    CHECK(LogCapture::has("              min_tx  min_rx  tx_intv  mult  detect_time"));
    CHECK(LogCapture::has("     local     10000   10000   300000     5       900000"));
    CHECK(LogCapture::has("     remote   300000  300000   300000     3      1500000"));
}

TEST_CASE("failure: Down exactly one Detection Time after the last packet, then recovery") {
    Pair p;
    auto& link = p.link;
    link.run_until(link.t0 + 5s);
    REQUIRE(link.session(0).state() == SessionState::up);

    // B's packets stop reaching A.
    link.carries[1] = false;
    const auto cut = link.now;
    link.run_for(1ms);
    const auto last = link.session(0).last_received();
    link.run_for(2s);
    const auto down = link.entered(0, SessionState::down, cut);
    CHECK(down == last + 900ms);
    CHECK(link.session(0).local_diagnostic() == Diagnostic::control_expired);
    CHECK(link.session(0).remote_discriminator() == 0);
    const auto a_report = link.last_report(0);
    CHECK(a_report.state == Reported::down);
    CHECK(a_report.at == down);
    // A's Down reaches B, which goes Down as well (Neighbor Signaled Session Down).
    CHECK(link.session(1).state() == SessionState::down);
    CHECK(link.session(1).local_diagnostic() == Diagnostic::neighbor_down);
    CHECK(LogCapture::has("(B1) Expired after 900 ms (0 usec overdue)"));
    CHECK(LogCapture::has("(B1) Entering Down state (Local diagnostic - Control Detection Time "
                          "Expired, Remote diagnostic - No Diagnostic)"));
    CHECK(LogCapture::has("(P1) Entering Down state (Local diagnostic - Neighbor Signaled "
                          "Session Down, Remote diagnostic - Control Detection Time Expired)"));
    // Back to the idle rate: A advertises 1 s again.
    CHECK(link.sent_by(0).back().packet.desired_min_tx == 1s);

    link.carries[1] = true;
    const auto healed = link.now;
    link.run_for(5s);
    const auto up = link.entered(0, SessionState::up, healed);
    REQUIRE(up != TimePoint::max());
    // Within two idle intervals (one to reach Init, one for Up) plus the link.
    CHECK(up - healed <= 2500ms);
    CHECK(link.last_report(0).state == Reported::up);
    CHECK(link.session(0).stats().up_transitions == 2);
    CHECK(link.session(0).stats().down_transitions == 1);
}

TEST_CASE("expiry is exact at the microsecond with jittered transmissions") {
    XorShift ra{12345}, rb{67890};
    Link link{ra, rb};
    link.configure(0, {settings("B1", "192.0.2.2")});
    link.configure(1, {frr_like("P1", "192.0.2.1")});
    link.run_until(link.t0 + 10s);
    REQUIRE(link.session(0).state() == SessionState::up);
    link.carries[1] = false;
    link.run_for(1ms);
    const auto last = link.session(0).last_received();
    link.run_for(3s);
    CHECK(link.entered(0, SessionState::down, last) == last + 900ms);
}

TEST_CASE("jitter keeps every periodic gap within 75-100% of the interval") {
    XorShift ra{1}, rb{2};
    Link link{ra, rb};
    link.configure(0, {settings("B1", "192.0.2.2")});
    link.configure(1, {frr_like("P1", "192.0.2.1")});
    link.run_until(link.t0 + 3s);
    REQUIRE(link.session(0).state() == SessionState::up);
    const auto from = link.now;
    link.run_for(30s);
    TimePoint previous{};
    int gaps = 0;
    Duration shortest = 1h, longest{0};
    for (const auto& s : link.sent_by(0, from)) {
        if (s.packet.final) {
            continue;
        }
        if (previous != TimePoint{}) {
            const auto gap = std::chrono::duration_cast<Duration>(s.at - previous);
            shortest = std::min(shortest, gap);
            longest = std::max(longest, gap);
            ++gaps;
        }
        previous = s.at;
    }
    CHECK(gaps > 100);
    CHECK(shortest >= 225ms);
    CHECK(longest <= 300ms);
    CHECK(shortest < 235ms); // the jitter is really used
    CHECK(longest > 290ms);
}

TEST_CASE("DetectMult 1: gaps within 75-90% of the interval") {
    XorShift ra{7}, rb{8};
    Link link{ra, rb};
    auto a = settings("B1", "192.0.2.2");
    a.detect_mult = 1;
    a.desired_min_tx = 100ms;
    a.required_min_rx = 100ms;
    link.configure(0, {a});
    link.configure(1, {frr_like("P1", "192.0.2.1")});
    link.run_until(link.t0 + 3s);
    const auto from = link.now;
    link.run_for(20s);
    TimePoint previous{};
    for (const auto& s : link.sent_by(0, from)) {
        if (s.packet.final) {
            continue;
        }
        if (previous != TimePoint{}) {
            const auto gap = s.at - previous;
            CHECK(gap >= 225ms);
            CHECK(gap <= 270ms);
        }
        previous = s.at;
    }
}

TEST_CASE("remote AdminDown: Down with diagnostic 3 and no report (RFC 5882 section 3.2)") {
    Pair p;
    auto& link = p.link;
    link.run_until(link.t0 + 3s);
    REQUIRE(link.session(0).state() == SessionState::up);
    const auto reports = link.reports.size();
    ControlPacket admin;
    admin.state = SessionState::admin_down;
    admin.diagnostic = Diagnostic::admin_down;
    admin.detect_mult = 3;
    admin.my_discriminator = discr_b;
    admin.your_discriminator = discr_a;
    admin.desired_min_tx = 1s;
    admin.required_min_rx = 300ms;
    CHECK(link.inject(0, admin) == DropReason::none);
    CHECK(link.session(0).state() == SessionState::down);
    CHECK(link.session(0).local_diagnostic() == Diagnostic::neighbor_down);
    CHECK(link.session(0).remote_diagnostic() == Diagnostic::admin_down);
    CHECK(link.reports.size() == reports); // consumers are not told
}

TEST_CASE("remote Down while Up: Down with diagnostic 3, reported") {
    Pair p;
    auto& link = p.link;
    link.run_until(link.t0 + 3s);
    ControlPacket down;
    down.state = SessionState::down;
    down.detect_mult = 3;
    down.my_discriminator = discr_b;
    down.your_discriminator = discr_a;
    down.desired_min_tx = 1s;
    down.required_min_rx = 300ms;
    link.inject(0, down);
    CHECK(link.session(0).state() == SessionState::down);
    CHECK(link.session(0).local_diagnostic() == Diagnostic::neighbor_down);
    CHECK(link.reports.back().state == Reported::down);
    CHECK(link.reports.back().at == link.now);
}

TEST_CASE("a Poll is answered at once, without moving the periodic schedule") {
    Pair p;
    auto& link = p.link;
    link.run_until(link.t0 + 3s);
    const auto next = link.session(0).transmit_deadline();
    ControlPacket poll = link.sent_by(1).back().packet;
    poll.poll = true;
    poll.final = false;
    const auto before = link.sent.size();
    link.inject(0, poll);
    REQUIRE(link.sent.size() == before + 1);
    CHECK(link.sent.back().at == link.now);
    CHECK(link.sent.back().packet.final);
    CHECK(link.session(0).transmit_deadline() == next);
}

TEST_CASE("passive: silent until the remote system speaks") {
    ScriptedRandom ra{{discr_a}}, rb{{discr_b}};
    Link link{ra, rb};
    auto a = settings("B1", "192.0.2.2");
    a.role = Role::passive;
    link.configure(0, {a});
    CHECK(link.sent.empty());
    CHECK(link.session(0).deadline() == Session::never);
    link.run_for(5s);
    CHECK(link.sent.empty());
    link.configure(1, {frr_like("P1", "192.0.2.1")});
    link.run_for(3s);
    CHECK(link.session(0).state() == SessionState::up);
    const auto a_sent = link.sent_by(0);
    REQUIRE_FALSE(a_sent.empty());
    // A's first packet: one interval after B's first packet reached it.
    CHECK(a_sent.front().at == link.t0 + 5s + 100us + 1s);
}

TEST_CASE("remote Demand mode: no periodic packets while both are Up") {
    Pair p;
    auto& link = p.link;
    link.run_until(link.t0 + 3s);
    link.carries[1] = false; // only injected packets reach A
    ControlPacket demand = link.sent_by(1).back().packet;
    demand.demand = true;
    demand.poll = false;
    demand.final = false;
    link.inject(0, demand);
    CHECK(link.session(0).transmit_deadline() == Session::never);
    const auto before = link.sent_by(0).size();
    link.run_for(800ms); // less than the Detection Time
    CHECK(link.sent_by(0).size() == before);
    // A Poll is still answered (section 6.8.7).
    demand.poll = true;
    link.inject(0, demand);
    CHECK(link.sent_by(0).size() == before + 1);
}

TEST_CASE("Required Min RX 0 from the remote: no periodic packets") {
    Pair p;
    auto& link = p.link;
    link.run_until(link.t0 + 3s);
    link.carries[1] = false;
    ControlPacket quiet = link.sent_by(1).back().packet;
    quiet.required_min_rx = Duration{0};
    quiet.poll = quiet.final = false;
    link.inject(0, quiet);
    CHECK(link.session(0).transmit_deadline() == Session::never);
}

TEST_CASE("Init expires too, without a report") {
    Pair p;
    auto& link = p.link;
    link.carries[1] = false; // B's first packet is already on its way
    const auto reports = link.last_report(0);
    link.run_for(4s);
    CHECK(link.entered(0, SessionState::init) == link.t0 + 100us);
    // Detection Time in Init: 3 x max(10 ms, B's idle 1 s) = 3 s after B's Down arrived.
    CHECK(link.entered(0, SessionState::down, link.t0 + 1us) == link.t0 + 100us + 3s);
    CHECK(link.session(0).local_diagnostic() == Diagnostic::control_expired);
    CHECK(link.last_report(0).at == reports.at); // only the start-up report
}
