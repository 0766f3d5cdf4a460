#include "checkd/fd_limit.hpp"

#include "process/open_file_limit.hpp"

#include <algorithm>

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

void ensure_descriptor_limit(std::size_t needed) noexcept { process::raise_open_file_limit(needed); }

} // namespace vigil::checkd
