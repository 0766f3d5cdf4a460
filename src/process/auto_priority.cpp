#include "process/auto_priority.hpp"

#include "util/log.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace vigil::process {

std::string format_lateness(std::chrono::microseconds late) {
    const auto count = late.count();
    return fmt::format("{}.{:06}", count / 1000000, count % 1000000);
}

std::optional<unsigned> next_auto_priority(unsigned current, unsigned max, unsigned minimum) noexcept {
    if (max == 0) {
        return std::nullopt;
    }
    if (current == 0) {
        return minimum;
    }
    if (current >= max) {
        return std::nullopt;
    }
    return current + 1;
}

void AutoPriority::configure(const config::GlobalDefs& global) noexcept {
    if (raised_) {
        reset();
    }
    // -1 silences the parent's notice without enabling the steps.
    const int max = global.max_auto_priority_.value_or(0);
    max_ = max > 0 ? static_cast<unsigned>(max) : 0;
    configured_ = global.vrrp_rt_priority_.value_or(0);
    current_ = configured_;
    rlimit_rttime_ = global.vrrp_rlimit_rttime_;
    min_delay_ = std::chrono::microseconds(global.min_auto_priority_delay_);
}

void AutoPriority::after_wait(std::chrono::steady_clock::time_point due,
                              std::chrono::steady_clock::time_point now) noexcept {
    if (due == std::chrono::steady_clock::time_point::max() || now <= due || due == reported_) {
        return;
    }
    const auto late = std::chrono::duration_cast<std::chrono::microseconds>(now - due);
    if (late <= min_delay_) {
        return;
    }
    reported_ = due; // a wake-up that did not run the late timer yet does not count twice
    log::info("A thread timer expired {} seconds ago", format_lateness(late));
    raise();
}

void AutoPriority::raise() noexcept {
    const int minimum = ::sched_get_priority_min(SCHED_RR);
    const auto next = next_auto_priority(current_, max_, minimum > 0 ? static_cast<unsigned>(minimum) : 1U);
    if (!next) {
        return;
    }
    const bool was_realtime = current_ != 0;
    current_ = *next;
    raised_ = true;
    sched_param param{};
    param.sched_priority = static_cast<int>(current_);
    if (::sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &param) != 0) {
        log::warning("child process: cannot raise priority");
    } else if (!was_realtime && rlimit_rttime_ != 0) {
        const rlimit limit{rlimit_rttime_ / 2, rlimit_rttime_};
        if (::setrlimit(RLIMIT_RTTIME, &limit) != 0) {
            log::warning("child process cannot set realtime rlimit");
        }
    }
    log::info("Set realtime priority {}", current_);
}

void AutoPriority::reset() noexcept {
    raised_ = false;
    if (configured_ != 0) {
        // vrrp_rt_priority: back to the configured priority.
        sched_param param{};
        param.sched_priority = static_cast<int>(configured_);
        ::sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &param);
        return;
    }
    // RLIMIT_RTTIME stays: it only counts while the process is real-time.
    sched_param param{};
    if (::sched_setscheduler(0, SCHED_OTHER, &param) != 0) {
        log::warning("child process: cannot reset realtime scheduling");
    }
}

void AutoPriority::on_sigxcpu() noexcept {
    log::info("VRRP process has used too much CPU time, vrrp_rlimit_rttime may need to be increased");
}

} // namespace vigil::process
