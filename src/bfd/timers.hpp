#pragma once
// BFD timer formulas, in one place (RFC 5880 sections 6.8.2-6.8.4 and 6.8.7). The engine
// counts in microseconds, the unit of the wire's interval fields.

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace vigil::bfd {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = std::chrono::microseconds;

// RFC 5880 section 6.8.7: the transmit interval is the larger of bfd.DesiredMinTxInterval
// and bfd.RemoteMinRxInterval ("the system reporting the slower rate determines the
// transmission rate").
constexpr Duration transmit_interval(Duration desired_min_tx, Duration remote_min_rx) noexcept {
    return std::max(desired_min_tx, remote_min_rx);
}

// RFC 5880 section 6.8.4, asynchronous mode: the Detection Time is the remote Detect Mult
// times the greater of bfd.RequiredMinRxInterval and the last received Desired Min TX
// Interval.
constexpr Duration detection_time(std::uint8_t remote_detect_mult, Duration required_min_rx,
                                  Duration remote_desired_min_tx) noexcept {
    return std::max(required_min_rx, remote_desired_min_tx) * remote_detect_mult;
}

// RFC 5880 section 6.8.7: each periodic interval is reduced by a random 0-25%; when
// bfd.DetectMult is 1 the result MUST lie within 75-90% of the interval. `random` is a
// uniform 32-bit value from the caller's source, so the result is reproducible in tests.
// (keepalived 2.2.7 always cuts 10-25%: it tests "DetectMult != 0" where it meant "== 1".)
constexpr Duration jittered_interval(Duration interval, std::uint8_t detect_mult,
                                     std::uint32_t random) noexcept {
    const std::uint64_t span = static_cast<std::uint64_t>(interval.count());
    const std::uint64_t max_cut = span / 4;
    const std::uint64_t min_cut = detect_mult == 1 ? (span + 9) / 10 : 0;
    const std::uint64_t range = max_cut >= min_cut ? max_cut - min_cut + 1 : 1;
    const std::uint64_t cut = min_cut + ((range * random) >> 32);
    return Duration{static_cast<Duration::rep>(span - cut)};
}

} // namespace vigil::bfd
