#include "process/process_scheduling.hpp"

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

void apply_vrrp_scheduling(const config::GlobalDefs& g) noexcept {
    if (g.vrrp_priority_ != 0 && ::setpriority(PRIO_PROCESS, 0, g.vrrp_priority_) != 0) {
        log::info("Unable to set vrrp process priority to {} - errno {} ({})", g.vrrp_priority_, errno,
                  std::strerror(errno));
    }
    if (g.vrrp_rt_priority_) {
        const rlimit limit{g.vrrp_rlimit_rttime_, g.vrrp_rlimit_rttime_};
        if (::setrlimit(RLIMIT_RTTIME, &limit) != 0) {
            log::info("Unable to set RLIMIT_RTTIME to {} - errno {} ({})", g.vrrp_rlimit_rttime_, errno,
                      std::strerror(errno));
        }
        sched_param param{};
        param.sched_priority = static_cast<int>(*g.vrrp_rt_priority_);
        if (::sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &param) != 0) {
            log::info("Unable to set vrrp realtime priority to {} - errno {} ({})", *g.vrrp_rt_priority_, errno,
                      std::strerror(errno));
        }
    }
    if (!g.vrrp_cpu_affinity_.empty()) {
        try {
            const auto cpus = parse_cpu_list(g.vrrp_cpu_affinity_);
            cpu_set_t set;
            CPU_ZERO(&set);
            for (unsigned cpu : cpus.value_or(std::vector<unsigned>{})) {
                CPU_SET(cpu, &set);
            }
            if (!cpus || cpus->empty()) {
                log::info("Invalid vrrp_cpu_affinity - ignoring");
            } else if (::sched_setaffinity(0, sizeof(set), &set) != 0) {
                log::info("Unable to set vrrp cpu affinity - errno {} ({})", errno, std::strerror(errno));
            }
        } catch (...) {
        }
    }
    if (g.vrrp_no_swap_ && ::mlockall(MCL_CURRENT | MCL_FUTURE) != 0) {
        log::info("Unable to lock vrrp process memory - errno {} ({})", errno, std::strerror(errno));
    }
}

} // namespace vigil::process
