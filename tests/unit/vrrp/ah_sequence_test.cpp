// AhSequence: keepalived 2.2.7's AH counter near 2^32 (vrrp.c vrrp_build_ipsecah).
#include "vrrp/ah_sequence.hpp"

#include <doctest/doctest.h>

using vigil::vrrp::AhSequence;

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
