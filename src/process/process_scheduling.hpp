#pragma once
// A child's scheduling, as keepalived 2.2.7's set_process_priorities(),
// set_process_cpu_affinity(), reset_process_priorities() and increment_process_priority()
// (lib/process.c) keep it. Each child has its own keywords in global_defs:
//   vrrp_priority / checker_priority / bfd_priority N      nice value (-20..19)
//   *_rt_priority N       SCHED_RR | SCHED_RESET_ON_FORK at N (1..99); RLIMIT_RTTIME gets the
//                         soft limit *_rlimit_rttime / 2 and the hard limit *_rlimit_rttime
//                         (µs), so that a runaway loop cannot starve the host (SIGXCPU at the
//                         soft limit is logged; the kernel kills at the hard one). The nice
//                         value is not set then.
//   *_cpu_affinity CPU... the CPUs the process may run on
//   *_no_swap             mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT): pages are locked
//                         as they are touched, so the RSS does not grow to the whole mapping
// and the shared max_auto_priority / min_auto_priority_delay (auto_priority.hpp).
//
// Contract:
//  - A child calls apply() at start, once its configuration is loaded (the VRRP child before
//    it sheds its capabilities), and at the end of each reload; reset() at the start of a
//    reload ("Use standard scheduling while reloading"): SCHED_OTHER, the original nice value
//    and RLIMIT_RTTIME (when the process may raise it back), every auto-priority step dropped.
//    A memory lock is kept across reset() and dropped by an apply() without *_no_swap (the
//    VRRP child could not take it again without CAP_IPC_LOCK).
//  - after_wait() follows every wait of the child's loop: the late-timer line and one step.
//  - Failures are logged with keepalived's wording; the process runs on as it is.
//  - Before it changes its nice value or RLIMIT_RTTIME the process records them as the
//    baseline its scripts start with (script/exec_baseline.hpp).

#include "config/model.hpp"
#include "process/process_name.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vigil::process {

// One child's settings (keepalived's set_process_priorities() arguments and its CPU mask).
struct SchedulingSettings {
    int nice = 0;
    unsigned realtime_priority = 0; // 0: not real-time
    std::uint64_t rlimit_rttime = 10000;
    std::vector<unsigned> cpus; // empty: any
    bool no_swap = false;
    unsigned max_auto_priority = 0; // 0 (or -1 in the configuration): no steps
    std::chrono::microseconds min_auto_priority_delay{1000000};
    friend bool operator==(const SchedulingSettings&, const SchedulingSettings&) = default;
};

// The settings global_defs gives `role`'s process (vrrp_*, checker_* or bfd_*).
SchedulingSettings scheduling_settings(ProcessRole role, const config::GlobalDefs& global);

// CPU numbers named by vrrp_cpu_affinity words ("2", "0-3"); nullopt for a malformed word.
std::optional<std::vector<unsigned>> parse_cpu_list(const std::vector<std::string>& words);

class ProcessScheduling {
public:
    explicit ProcessScheduling(ProcessRole role) noexcept : role_(role) {}

    void apply(const SchedulingSettings& settings) noexcept;
    // apply(scheduling_settings(role, global)).
    void apply(const config::GlobalDefs& global) noexcept;
    void reset() noexcept;
    // After a wait for the timer due at `due` (time_point::max(): none) ended at `now`.
    void after_wait(std::chrono::steady_clock::time_point due, std::chrono::steady_clock::time_point now) noexcept;
    // RLIMIT_RTTIME's soft limit reached.
    void on_sigxcpu() const noexcept;

    // The real-time priority the process runs at (0: SCHED_OTHER); for tests and dumps.
    [[nodiscard]] unsigned realtime_priority() const noexcept { return current_; }

private:
    void set_realtime(unsigned priority, std::uint64_t rlimit_rttime) noexcept;
    void set_nice(int nice) noexcept;
    void raise() noexcept;

    ProcessRole role_;
    unsigned max_ = 0;
    unsigned current_ = 0;                // cur_rt_priority
    std::uint64_t rttime_set_ = 0;        // the RLIMIT_RTTIME set with real-time (0: none)
    std::uint64_t default_rttime_ = 0;    // for the first auto step of a process not real-time
    std::optional<std::pair<std::uint64_t, std::uint64_t>> original_rttime_; // soft, hard
    std::optional<int> original_nice_;    // before the first *_priority
    int nice_ = 0;                        // what *_priority set (the original until then)
    bool locked_ = false;
    std::chrono::microseconds min_delay_{1000000};
    std::chrono::steady_clock::time_point reported_{}; // the last late deadline logged
};

} // namespace vigil::process
