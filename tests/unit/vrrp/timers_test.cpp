#include "vrrp/timers.hpp"

#include <doctest/doctest.h>

using namespace vigil::vrrp;
using namespace std::chrono_literals;

// RFC 3768 section 6.1: Skew_Time = (256 - Priority) / 256 s, whatever the interval.
static_assert(skew_time(ProtocolVersion::v2, 100, 1s) == 609375us);
static_assert(skew_time(ProtocolVersion::v2, 100, 3s) == 609375us);
static_assert(skew_time(ProtocolVersion::v2, 255, 1s) == 3906us);
// RFC 5798 section 6.1: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, not
// rounded to centiseconds (lab: 150 + 32.4 = 182.4 ms).
static_assert(skew_time(ProtocolVersion::v3, 90, 50ms) == 32421us);
static_assert(master_down_interval(ProtocolVersion::v3, 90, 50ms) == 182421us);

TEST_CASE("timer formulas match RFC 3768 / RFC 5798 and the lab figures") {
    struct Row {
        ProtocolVersion version;
        std::uint8_t priority;
        Duration interval;
        std::uint32_t adverts;
        Duration skew;
        Duration down;
    };
    const Row rows[] = {
        // lab "elect": priority 100, 1 s: 3609.4 ms
        {ProtocolVersion::v2, 100, 1s, 3, 609375us, 3609375us},
        // lab "kill-master": priority 90: 3648.4 ms; graceful stop: 648.4 ms
        {ProtocolVersion::v2, 90, 1s, 3, 648437us, 3648437us},
        {ProtocolVersion::v2, 1, 1s, 3, 996093us, 3996093us},
        {ProtocolVersion::v2, 254, 2s, 3, 7812us, 6007812us},
        {ProtocolVersion::v3, 100, 1s, 3, 609375us, 3609375us},
        {ProtocolVersion::v3, 90, 50ms, 3, 32421us, 182421us},
        {ProtocolVersion::v3, 200, 10ms, 3, 2187us, 32187us},
        {ProtocolVersion::v3, 100, 1s, 1, 609375us, 1609375us},
        {ProtocolVersion::v3, 150, 40950ms, 3, 16955859us, 139805859us},
    };
    for (const Row& row : rows) {
        CAPTURE(static_cast<int>(row.priority));
        CHECK(skew_time(row.version, row.priority, row.interval) == row.skew);
        CHECK(master_down_interval(row.version, row.priority, row.interval, row.adverts) ==
              row.down);
    }
}
