#pragma once
// The time of the probe state machines: a monotonic time point passed in with every event
// (they never read a clock), and keepalived's microsecond durations (connect_timeout).
// The same types as the checker engine's (check/clock.hpp).

#include <chrono>

namespace vigil::probe {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = std::chrono::microseconds;

inline constexpr TimePoint no_deadline = TimePoint::max();

} // namespace vigil::probe
