#pragma once
// max_auto_priority / min_auto_priority_delay (keepalived 2.2.7 lib/scheduler.c, lib/process.c),
// the pure part; ProcessScheduling (process_scheduling.hpp) carries it out in each child.
// A child whose loop wakes up more than min_auto_priority_delay µs after the timer it was
// waiting for logs "A thread timer expired S.UUUUUU seconds ago" (whatever max_auto_priority
// says), then, with max_auto_priority N > 0, raises its real-time priority one step:
//   - first step: SCHED_RR | SCHED_RESET_ON_FORK at sched_get_priority_min(SCHED_RR) (1), or
//     the configured *_rt_priority + 1 when that already runs the process real-time; later
//     steps add 1, up to N; each step logs "Set realtime priority P";
//   - when the process was not real-time before, RLIMIT_RTTIME gets the soft limit
//     *_rlimit_rttime / 2 and the hard limit *_rlimit_rttime, and SIGXCPU (the soft limit
//     reached) logs "<VRRP|Checker|BFD> process has used too much CPU time,
//     <vrrp|checker|bfd>_rlimit_rttime may need to be increased" instead of killing the
//     process (each child routes SIGXCPU to ProcessScheduling::on_sigxcpu()).
// A reload goes back to the configured scheduling (keepalived resets it for the reload and
// does not raise it again until the next late wake-up).
// The parent's "NOTICE: setting config option max_auto_priority should result in better
// keepalived performance" (max_auto_priority unset or 0) is logged by run_parent().

#include <chrono>
#include <optional>
#include <string>

namespace vigil::process {

// "1.500000": a lateness as keepalived prints it.
std::string format_lateness(std::chrono::microseconds late);

// The next real-time priority for a process at `current` (0: not real-time) capped at `max`
// (0: never raise); nullopt: no step.
std::optional<unsigned> next_auto_priority(unsigned current, unsigned max, unsigned minimum) noexcept;

// How late a wake-up at `now` is for the timer due at `due` when that exceeds `min_delay`;
// nullopt otherwise (on time, no timer: due == time_point::max()).
std::optional<std::chrono::microseconds> late_wake_up(std::chrono::steady_clock::time_point due,
                                                      std::chrono::steady_clock::time_point now,
                                                      std::chrono::microseconds min_delay) noexcept;

} // namespace vigil::process
