#include "ipvs/kernel_rules.hpp"

#include <array>
#include <cerrno>
#include <string_view>

namespace vigil::ipvs::kernel_rules {
namespace {

std::error_code errno_code(int value) noexcept {
    return {value, std::system_category()};
}

// The schedulers and persistence engines Debian 12's kernel ships as modules (no ip_vs_twos).
constexpr std::array<std::string_view, 13> schedulers{"rr",  "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
                                                      "sh",  "mh",  "sed", "nq", "fo",  "ovf"};
constexpr std::array<std::string_view, 1> persistence_engines{"sip"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) noexcept {
    for (const auto known : names) {
        if (known == name) {
            return true;
        }
    }
    return false;
}

} // namespace

std::error_code check_service_names(const Service& service) noexcept {
    if (service.scheduler.size() > max_name_length || service.persistence_engine.size() > max_name_length) {
        return errno_code(EINVAL);
    }
    return {};
}

std::error_code check_service_settings(const Service& service) noexcept {
    if (service.scheduler != "none" && !contains(schedulers, service.scheduler)) {
        return errno_code(ENOENT);
    }
    if (!service.persistence_engine.empty() && !contains(persistence_engines, service.persistence_engine)) {
        return errno_code(ENOENT);
    }
    if (service.key.family == Family::ipv6 && (service.netmask < 1 || service.netmask > 128)) {
        return errno_code(EINVAL);
    }
    return {};
}

std::error_code check_destination_settings(const Destination& destination) noexcept {
    if (destination.weight < 0 || destination.lower_threshold > destination.upper_threshold) {
        return errno_code(ERANGE);
    }
    if (destination.tunnel_type == TunnelType::gue && destination.tunnel_port == 0) {
        return errno_code(EINVAL);
    }
    return {};
}

bool is_unicast(const IpAddress& address) noexcept {
    const auto& b = address.bytes();
    if (address.family() == Family::ipv4) {
        const bool zero_net = b[0] == 0;
        const bool broadcast = b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255;
        return !zero_net && !broadcast && !address.is_multicast();
    }
    bool unspecified = true;
    for (const auto byte : b) {
        unspecified = unspecified && byte == 0;
    }
    return !unspecified && !address.is_multicast() && !address.is_link_local();
}

std::error_code check_sync_daemon(const SyncDaemon& daemon) noexcept {
    if (daemon.interface.size() > max_name_length) {
        return errno_code(EINVAL);
    }
    if (daemon.group && !daemon.group->is_multicast()) {
        return errno_code(EINVAL);
    }
    if (daemon.interface.empty()) {
        return errno_code(ENODEV);
    }
    return {};
}

SyncDaemon with_sync_defaults(const SyncDaemon& daemon) {
    SyncDaemon out = daemon;
    if (out.max_len == 0) {
        out.max_len = 1472;
    }
    if (out.port == 0) {
        out.port = 8848;
    }
    if (out.ttl == 0) {
        out.ttl = 1;
    }
    if (!out.group) {
        out.group = IpAddress{Family::ipv4, {224, 0, 0, 81}};
    }
    return out;
}

} // namespace vigil::ipvs::kernel_rules
