#include "simulate/lan.hpp"
#include "simulate/scenario.hpp"

#include <doctest/doctest.h>

using namespace vigil::simulate;
using vigil::vrrp::Duration;

TEST_CASE("times: seconds, milliseconds, microseconds, decimals") {
    CHECK(parse_time("10s") == Duration{10'000'000});
    CHECK(parse_time("2500ms") == Duration{2'500'000});
    CHECK(parse_time("1.5s") == Duration{1'500'000});
    CHECK(parse_time("0.25ms") == Duration{250});
    CHECK(parse_time("750us") == Duration{750});
    CHECK(parse_time("0") == Duration{0});
    CHECK_FALSE(parse_time("10"));
    CHECK_FALSE(parse_time("-1s"));
    CHECK_FALSE(parse_time("1.s"));
    CHECK_FALSE(parse_time("s"));
    CHECK_FALSE(parse_time("1.5x"));
    CHECK(format_ms(Duration{3'648'437}) == "3648.437");
    CHECK(format_ms(Duration{1'000}) == "1");
    CHECK(format_ms(Duration{1'500}) == "1.5");
}

TEST_CASE("events: TIME:KIND:NODE[:ARG] and the blank-separated form") {
    std::vector<ParseError> errors;
    const auto crash = parse_event("6500ms:crash:r1", "--event", errors);
    REQUIRE(crash);
    CHECK(crash->at == Duration{6'500'000});
    CHECK(crash->kind == EventKind::crash);
    CHECK(crash->node == "r1");
    CHECK(crash->arg.empty());
    const auto fail = parse_event("1s script-fail r2 chk_web", "x", errors);
    REQUIRE(fail);
    CHECK(fail->kind == EventKind::script_fail);
    CHECK(fail->arg == "chk_web");
    const auto part = parse_event("2s:partition:r1:r2,r3", "x", errors);
    REQUIRE(part);
    CHECK(part->arg == "r2,r3");
    CHECK(errors.empty());

    CHECK_FALSE(parse_event("1s:explode:r1", "--event", errors));
    CHECK_FALSE(parse_event("1s:script-fail:r1", "--event", errors)); // needs the script's name
    CHECK_FALSE(parse_event("soon:crash:r1", "--event", errors));
    CHECK_FALSE(parse_event("1s:crash", "--event", errors));
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].message == "--event: error: unknown event kind 'explode' in '1s:explode:r1'");
}

TEST_CASE("scenario files: comments, blank lines, positions in errors") {
    std::vector<ParseError> errors;
    const auto events = parse_scenario("# two events\n\n  1s crash r1   # kill\n2s:start:r1\n3s bogus r1\n", "sc", errors);
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == EventKind::crash);
    CHECK(events[1].kind == EventKind::start);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.starts_with("sc:5:1: error: unknown event kind 'bogus'"));
}

TEST_CASE("the LAN: partitions are symmetric, loss is deterministic per seed") {
    Lan lan(3);
    lan.partition(0, {1});
    CHECK_FALSE(lan.connected(0, 1));
    CHECK_FALSE(lan.connected(1, 0));
    CHECK(lan.connected(0, 2));
    lan.heal(1, {0});
    CHECK(lan.connected(0, 1));

    Lan a(1, Duration{0}, 7);
    Lan b(1, Duration{0}, 7);
    a.set_loss(0, 50);
    b.set_loss(0, 50);
    int lost = 0;
    for (int i = 0; i < 1000; ++i) {
        const bool la = a.lost(0);
        CHECK(la == b.lost(0));
        lost += la ? 1 : 0;
    }
    CHECK(lost > 400);
    CHECK(lost < 600);
    Lan none(1);
    CHECK_FALSE(none.lost(0));
}
