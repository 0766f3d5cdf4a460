// AhSequence: keepalived 2.2.7's AH counter near 2^32 (vrrp.c vrrp_build_ipsecah).
#include "vrrp/ah_sequence.hpp"

#include <doctest/doctest.h>

using vigil::vrrp::AhSequence;
using vigil::vrrp::AhStep;

TEST_CASE("the AH sequence counts up from 1") {
    AhSequence s;
    CHECK(s.next_to_send() == 1);
    CHECK(s.next_to_send() == 2);
    CHECK_FALSE(s.cycled());
}

TEST_CASE("past 0xFFFFFFFD the counter stays at 0xFFFFFFFE, cycled, until the next mastership") {
    AhSequence s;
    s.received(0xFFFFFFFC, false);
    CHECK(s.next_to_send() == 0xFFFFFFFD);
    CHECK(s.next_to_send() == 0xFFFFFFFE);
    CHECK_FALSE(s.cycled());
    CHECK(s.next_to_send() == 0xFFFFFFFE); // never 0xFFFFFFFF, never 0: no wrap
    CHECK(s.cycled());
    CHECK(s.next_to_send() == 0xFFFFFFFE);
    s.became_master();
    CHECK_FALSE(s.cycled());
    CHECK(s.next_to_send() == 1);
}

TEST_CASE("becoming master without a cycle keeps the counter") {
    AhSequence s;
    s.received(41, true);
    s.became_master();
    CHECK(s.next_to_send() == 42);
}

TEST_CASE("as backup, hearing a master at or above the counter clears the cycle") {
    AhSequence s;
    s.received(0xFFFFFFFE, false);
    (void)s.next_to_send();
    REQUIRE(s.cycled());
    s.received(0xFFFFFFFE, true);
    CHECK_FALSE(s.cycled());
    CHECK(s.value() == 0xFFFFFFFE);
}

TEST_CASE("the first advert of a new mastership after a cycle carries 1, not 0xFFFFFFFE") {
    AhSequence s;
    s.received(0xFFFFFFFE, false);
    CHECK(s.next_to_send() == 0xFFFFFFFE);
    REQUIRE(s.cycled());
    CHECK(s.next_to_send(AhStep::new_mastership) == 1);
    CHECK(s.next_to_send(AhStep::advance) == 2);
    CHECK(s.next_to_send(AhStep::new_mastership) == 3); // not cycled: the counter goes on
}

TEST_CASE("a master answering a lower master goes one past its number, and the cycle ends") {
    AhSequence s;
    s.received(1000, false); // the lower master's advert, accepted
    CHECK(s.next_to_send(AhStep::answer_lower_master) == 1002);
    s.received(0xFFFFFFFE, false);
    (void)s.next_to_send();
    REQUIRE(s.cycled());
    CHECK(s.next_to_send(AhStep::answer_lower_master) == 0xFFFFFFFF);
    CHECK(s.cycled()); // 0xFFFFFFFF is past 0xFFFFFFFD: marked again, as keepalived's
    CHECK(s.next_to_send(AhStep::new_mastership) == 1);
}

TEST_CASE("a master yielding to a higher one ends the cycle: its next mastership goes on") {
    AhSequence s;
    s.received(0xFFFFFFFE, false);
    (void)s.next_to_send();
    REQUIRE(s.cycled());
    s.yielded();
    CHECK(s.next_to_send(AhStep::new_mastership) == 0xFFFFFFFE);
}
