#include "vrrp/reload_plan.hpp"

#include <algorithm>

namespace vigil::vrrp {

namespace {

bool unicast(const InstanceConfig& config) noexcept { return !config.unicast_peers.empty(); }

const std::string& configured_on(const InstanceConfig& config) noexcept {
    return config.configured_interface.empty() ? config.interface : config.configured_interface;
}

bool same_router(const InstanceConfig& a, const InstanceConfig& b) noexcept {
    if (a.vrid != b.vrid || a.family != b.family || configured_on(a) != configured_on(b) ||
        unicast(a) != unicast(b) || a.multicast_group != b.multicast_group) {
        return false;
    }
    // Unicast instances may share a VRID on one interface: their source tells them apart.
    return !unicast(a) || a.source == b.source;
}

template <typename T>
std::vector<T> missing(const std::vector<T>& from, const std::vector<T>& to) {
    std::vector<T> result;
    for (const T& item : from) {
        if (std::find(to.begin(), to.end(), item) == to.end()) {
            result.push_back(item);
        }
    }
    return result;
}

} // namespace

std::vector<std::optional<InstanceId>> match_instances(std::span<const InstanceConfig> old_ones,
                                                       std::span<const InstanceConfig> new_ones) {
    std::vector<std::optional<InstanceId>> result(new_ones.size());
    std::vector<bool> taken(old_ones.size(), false);
    for (std::size_t n = 0; n < new_ones.size(); ++n) {
        for (std::size_t o = 0; o < old_ones.size(); ++o) {
            if (!taken[o] && same_router(old_ones[o], new_ones[n])) {
                taken[o] = true;
                result[n] = static_cast<InstanceId>(o);
                break;
            }
        }
    }
    return result;
}

AddressSet address_difference(const InstanceConfig& from, const InstanceConfig& to) {
    return {missing(from.vips, to.vips), missing(from.evips, to.evips),
            missing(from.routes, to.routes), missing(from.rules, to.rules)};
}

} // namespace vigil::vrrp
