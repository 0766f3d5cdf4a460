#include "process/process_scheduling.hpp"

#include "process/auto_priority.hpp"
#include "script/exec_baseline.hpp"
#include "util/log.hpp"

#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace vigil::process {
namespace {

std::optional<unsigned> number(std::string_view text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value >= CPU_SETSIZE) {
        return std::nullopt;
    }
    return value;
}

SchedulingSettings from_tuning(const config::ProcessTuning& t) {
    SchedulingSettings s;
    s.nice = t.priority_;
    s.realtime_priority = t.rt_priority_.value_or(0);
    s.rlimit_rttime = t.rlimit_rttime_;
    for (int cpu : t.cpu_affinity_) {
        if (cpu >= 0 && cpu < CPU_SETSIZE) {
            s.cpus.push_back(static_cast<unsigned>(cpu));
        }
    }
    s.no_swap = t.no_swap_;
    return s;
}

// "VRRP process has used too much CPU time, vrrp_rlimit_rttime may need to be increased".
struct RoleWords {
    const char* process;
    const char* keyword;
};

RoleWords role_words(ProcessRole role) noexcept {
    switch (role) {
    case ProcessRole::vrrp:
        return {"VRRP", "vrrp"};
    case ProcessRole::checker:
        return {"Checker", "checker"};
    case ProcessRole::bfd:
        return {"BFD", "bfd"};
    case ProcessRole::parent:
        break;
    }
    return {"Unknown", "Unknown"};
}

} // namespace

std::optional<std::vector<unsigned>> parse_cpu_list(const std::vector<std::string>& words) {
    std::vector<unsigned> cpus;
    for (const std::string& word : words) {
        const std::string_view w(word);
        const auto dash = w.find('-');
        const auto first = number(w.substr(0, dash));
        const auto last = dash == std::string_view::npos ? first : number(w.substr(dash + 1));
        if (!first || !last || *last < *first) {
            return std::nullopt;
        }
        for (unsigned cpu = *first; cpu <= *last; ++cpu) {
            cpus.push_back(cpu);
        }
    }
    return cpus;
}

SchedulingSettings scheduling_settings(ProcessRole role, const config::GlobalDefs& g) {
    SchedulingSettings s;
    switch (role) {
    case ProcessRole::vrrp:
        s.nice = g.vrrp_priority_;
        s.realtime_priority = g.vrrp_rt_priority_.value_or(0);
        s.rlimit_rttime = g.vrrp_rlimit_rttime_;
        s.cpus = parse_cpu_list(g.vrrp_cpu_affinity_).value_or(std::vector<unsigned>{}); // checked by the binder
        s.no_swap = g.vrrp_no_swap_;
        break;
    case ProcessRole::checker:
        if (g.checker_) {
            s = from_tuning(g.checker_->checker_);
        }
        break;
    case ProcessRole::bfd:
        if (g.checker_) {
            s = from_tuning(g.checker_->bfd_);
        }
        break;
    case ProcessRole::parent:
        break;
    }
    // -1 silences the parent's notice without enabling the steps.
    const int max = g.max_auto_priority_.value_or(0);
    s.max_auto_priority = max > 0 ? static_cast<unsigned>(max) : 0;
    s.min_auto_priority_delay = std::chrono::microseconds(g.min_auto_priority_delay_);
    return s;
}

void ProcessScheduling::apply(const SchedulingSettings& s) noexcept {
    script::record_exec_baseline();
    max_ = s.max_auto_priority;
    if (s.realtime_priority != 0) {
        set_realtime(s.realtime_priority, s.rlimit_rttime);
    } else {
        if (s.nice != 0) {
            set_nice(s.nice);
        }
        default_rttime_ = s.rlimit_rttime;
    }
    if (s.min_auto_priority_delay.count() != 0) {
        min_delay_ = s.min_auto_priority_delay;
    }
    if (s.no_swap && !locked_) {
        if (::mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) != 0) {
            log::info("Unable to lock process in memory - {}", std::strerror(errno));
        } else {
            locked_ = true;
        }
    } else if (!s.no_swap && locked_) {
        ::munlockall();
        locked_ = false;
    }
    if (!s.cpus.empty()) {
        cpu_set_t set;
        CPU_ZERO(&set);
        for (unsigned cpu : s.cpus) {
            CPU_SET(cpu, &set);
        }
        if (::sched_setaffinity(0, sizeof(set), &set) != 0) {
            log::warning("unable to set cpu affinity to {} process ({})", role_words(role_).keyword,
                         std::strerror(errno));
        }
    }
}

void ProcessScheduling::apply(const config::GlobalDefs& global) noexcept {
    try {
        apply(scheduling_settings(role_, global));
    } catch (...) {
    }
}

void ProcessScheduling::set_realtime(unsigned priority, std::uint64_t rlimit_rttime) noexcept {
    sched_param param{};
    param.sched_priority = static_cast<int>(priority);
    if (::sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &param) != 0) {
        log::warning("child process: cannot raise priority");
        return;
    }
    current_ = priority;
    if (rlimit_rttime == 0) {
        return;
    }
    if (!original_rttime_) {
        rlimit original{};
        if (::getrlimit(RLIMIT_RTTIME, &original) == 0) {
            original_rttime_.emplace(original.rlim_cur, original.rlim_max);
        }
    }
    const rlimit limit{rlimit_rttime / 2, rlimit_rttime}; // warnings (SIGXCPU) before the kill
    if (::setrlimit(RLIMIT_RTTIME, &limit) != 0) {
        log::warning("child process cannot set realtime rlimit");
    } else {
        rttime_set_ = rlimit_rttime;
    }
}

void ProcessScheduling::set_nice(int nice) noexcept {
    if (!original_nice_) {
        errno = 0;
        const int original = ::getpriority(PRIO_PROCESS, 0);
        original_nice_ = errno == 0 ? original : 0;
        nice_ = *original_nice_;
    }
    if (::setpriority(PRIO_PROCESS, 0, nice) != 0) {
        log::info("Unable to set process priority to {} - {}", nice, std::strerror(errno));
        return;
    }
    nice_ = nice;
}

void ProcessScheduling::reset() noexcept {
    if (current_ != 0) {
        sched_param param{};
        if (::sched_setscheduler(0, SCHED_OTHER, &param) != 0) {
            log::warning("child process: cannot reset realtime scheduling");
        } else {
            current_ = 0;
            if (rttime_set_ != 0 && original_rttime_) {
                // Raising the hard limit back needs CAP_SYS_RESOURCE (the VRRP child has shed
                // it); the limit counts only while the process is real-time.
                const rlimit original{original_rttime_->first, original_rttime_->second};
                if (::setrlimit(RLIMIT_RTTIME, &original) == 0) {
                    rttime_set_ = 0;
                }
            }
        }
    }
    if (original_nice_ && nice_ != *original_nice_) {
        if (::setpriority(PRIO_PROCESS, 0, *original_nice_) != 0) {
            log::info("Unable to reset process priority - {}", std::strerror(errno));
        } else {
            nice_ = *original_nice_;
        }
    }
}

void ProcessScheduling::after_wait(std::chrono::steady_clock::time_point due,
                                   std::chrono::steady_clock::time_point now) noexcept {
    if (due == reported_) {
        return; // a wake-up that did not run the late timer yet does not count twice
    }
    const auto late = late_wake_up(due, now, min_delay_);
    if (!late) {
        return;
    }
    reported_ = due;
    try {
        log::info("A thread timer expired {} seconds ago", format_lateness(*late));
    } catch (...) {
    }
    raise();
}

void ProcessScheduling::raise() noexcept {
    const int minimum = ::sched_get_priority_min(SCHED_RR);
    const auto next = next_auto_priority(current_, max_, minimum > 0 ? static_cast<unsigned>(minimum) : 1U);
    if (!next) {
        return;
    }
    set_realtime(*next, rttime_set_ != 0 ? 0 : default_rttime_);
    current_ = *next; // as keepalived, whether or not the scheduler took it
    log::info("Set realtime priority {}", current_);
}

void ProcessScheduling::on_sigxcpu() const noexcept {
    const RoleWords words = role_words(role_);
    log::info("{} process has used too much CPU time, {}_rlimit_rttime may need to be increased", words.process,
              words.keyword);
}

} // namespace vigil::process
