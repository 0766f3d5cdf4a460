#pragma once
// max_auto_priority / min_auto_priority_delay (keepalived 2.2.7 lib/scheduler.c, lib/process.c):
// a child whose loop wakes up more than min_auto_priority_delay µs after the timer it was
// waiting for logs "A thread timer expired S.UUUUUU seconds ago" (whatever max_auto_priority
// says), then, with max_auto_priority N > 0, raises its real-time priority one step:
//   - first step: SCHED_RR | SCHED_RESET_ON_FORK at sched_get_priority_min(SCHED_RR) (1), or
//     vrrp_rt_priority + 1 when that already runs the process real-time; later steps add 1,
//     up to N; each step logs "Set realtime priority P";
//   - when the process was not real-time before, RLIMIT_RTTIME gets the soft limit
//     vrrp_rlimit_rttime / 2 and the hard limit vrrp_rlimit_rttime, and SIGXCPU (the soft
//     limit reached) logs "VRRP process has used too much CPU time, vrrp_rlimit_rttime may
//     need to be increased" instead of killing the process (the caller routes SIGXCPU to
//     on_sigxcpu()).
// A reload goes back to the configured scheduling (keepalived resets it for the reload and
// does not raise it again until the next late wake-up).
// The parent's "NOTICE: setting config option max_auto_priority should result in better
// keepalived performance" (max_auto_priority unset or 0) is logged by run_parent().

#include "config/model.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace vigil::process {

// "1.500000": a lateness as keepalived prints it.
std::string format_lateness(std::chrono::microseconds late);

// The next real-time priority for a process at `current` (0: not real-time) capped at `max`
// (0: never raise); nullopt: no step.
std::optional<unsigned> next_auto_priority(unsigned current, unsigned max, unsigned minimum) noexcept;

class AutoPriority {
public:
    // The configuration's settings; called at start and after each reload (a reload first
    // drops what earlier steps raised).
    void configure(const config::GlobalDefs& global) noexcept;
    // After a wait for the timer due at `due` ended at `now`: the log line and one step when
    // the wake-up is late by more than min_auto_priority_delay.
    void after_wait(std::chrono::steady_clock::time_point due, std::chrono::steady_clock::time_point now) noexcept;
    static void on_sigxcpu() noexcept;

private:
    void raise() noexcept;
    void reset() noexcept;

    unsigned max_ = 0;
    unsigned configured_ = 0; // vrrp_rt_priority (set by apply_vrrp_scheduling)
    unsigned current_ = 0;
    bool raised_ = false;     // a step was taken since configure()
    std::uint64_t rlimit_rttime_ = 10000;
    std::chrono::microseconds min_delay_{1000000};
    std::chrono::steady_clock::time_point reported_{}; // the last late deadline logged
};

} // namespace vigil::process
