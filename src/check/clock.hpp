#pragma once
// The checker engine's time: a monotonic clock read by the caller and passed in with every
// event (the engine never reads a clock), and one duration unit, the microsecond, the
// resolution of keepalived's TIMER values (delay_loop, connect_timeout, ...).

#include <chrono>

namespace vigil::check {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = std::chrono::microseconds;

// keepalived's BOOTSTRAP_DELAY: a checker's first run is this long after start-up (or a
// reload), plus a random part of its warmup.
inline constexpr Duration bootstrap_delay = std::chrono::seconds{1};

} // namespace vigil::check
