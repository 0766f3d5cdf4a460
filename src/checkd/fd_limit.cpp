#include "checkd/fd_limit.hpp"

#include "script/exec_baseline.hpp"
#include "util/log.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>

namespace vigil::checkd {

namespace {

constexpr std::size_t own_descriptors = 17; // keepalived's count: std streams, epoll, timerfd, signalfd, FIFO...
constexpr std::size_t spare_descriptors = 10;

bool holds_socket(config::CheckerType type) noexcept {
    switch (type) {
    case config::CheckerType::tcp:
    case config::CheckerType::udp:
    case config::CheckerType::ping:
    case config::CheckerType::http_get:
    case config::CheckerType::ssl_get:
    case config::CheckerType::smtp:
    case config::CheckerType::dns:
        return true;
    case config::CheckerType::misc:
    case config::CheckerType::file:
    case config::CheckerType::bfd:
        break;
    }
    return false;
}

} // namespace

std::size_t descriptors_needed(const config::Config& config) noexcept {
    std::size_t sockets = 0;
    if (config.lvs_) {
        for (const auto& vs : config.lvs_->virtual_servers_) {
            for (const auto& rs : vs.real_servers_) {
                sockets += static_cast<std::size_t>(
                    std::count_if(rs.checkers_.begin(), rs.checkers_.end(),
                                  [](const config::Checker& c) { return holds_socket(c.type_); }));
            }
        }
    }
    return own_descriptors + sockets + spare_descriptors;
}

void ensure_descriptor_limit(std::size_t needed) noexcept {
    script::record_exec_baseline(); // scripts start with the original limit
    static rlimit original{};
    static bool known = false;
    if (!known) {
        if (::getrlimit(RLIMIT_NOFILE, &original) != 0) {
            log::info("Failed to get original RLIMIT_NOFILE, errno {}", errno);
            return;
        }
        known = true;
    }
    rlimit current{};
    if (::getrlimit(RLIMIT_NOFILE, &current) != 0) {
        log::info("Failed to get current RLIMIT_NOFILE, errno {}", errno);
        return;
    }
    const auto want = static_cast<rlim_t>(needed);
    if (want <= original.rlim_cur && current.rlim_cur == original.rlim_cur) {
        return;
    }
    rlimit limit{std::max(original.rlim_cur, want), std::max(original.rlim_max, want)};
    if (limit.rlim_cur == current.rlim_cur && limit.rlim_max == current.rlim_max) {
        return;
    }
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
        log::info("Failed to set open file limit to {}:{} failed - errno {}", limit.rlim_cur, limit.rlim_max, errno);
    }
}

} // namespace vigil::checkd
