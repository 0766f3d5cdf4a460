#include "process/open_file_limit.hpp"

#include "script/exec_baseline.hpp"
#include "util/log.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>

namespace vigil::process {

void raise_open_file_limit(std::size_t needed) noexcept {
    script::record_exec_baseline(); // scripts start with the original limit
    static rlimit original{};
    static bool known = false;
    rlimit current{};
    if (!known) {
        if (::getrlimit(RLIMIT_NOFILE, &original) != 0) {
            log::info("Failed to get original RLIMIT_NOFILE, errno {}", errno);
            return;
        }
        known = true;
        current = original;
    } else if (::getrlimit(RLIMIT_NOFILE, &current) != 0) {
        log::info("Failed to get current RLIMIT_NOFILE, errno {}", errno);
        return;
    }
    const auto want = static_cast<rlim_t>(needed);
    if (want <= original.rlim_cur && current.rlim_cur == original.rlim_cur) {
        return;
    }
    const rlimit limit{std::max(original.rlim_cur, want), std::max(original.rlim_max, want)};
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        log::info("Failed to set open file limit to {}:{} failed - errno {}", limit.rlim_cur, limit.rlim_max, errno);
        return;
    }
    log::detail("Set open file limit to {}:{}.", limit.rlim_cur, limit.rlim_max);
}

} // namespace vigil::process
