#pragma once
// This host as the checks see it: its interfaces (up or not, MAC, addresses) and sysctls.
// read_host() and read_sysctl() are the only system reads; the checks take their results as
// values so that unit tests can hand them any host.

#include "net/ip_address.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::doctor {

using Mac = std::array<std::uint8_t, 6>;
std::string mac_text(const Mac& mac);

struct HostInterface {
    std::string name;
    unsigned index = 0;
    bool up = false;
    Mac mac{};
    std::vector<net::IpAddress> addresses;
};

struct Host {
    std::vector<HostInterface> interfaces;
    const HostInterface* find(std::string_view name) const noexcept;
    bool owns(const net::IpAddress& address) const noexcept;
    bool has_mac(const Mac& mac) const noexcept;
};

Host read_host();

// A sysctl by its /proc/sys path below net/ (e.g. "ipv4/conf/all/rp_filter"): its value
// trimmed, or nullopt when unreadable.
using SysctlReader = std::function<std::optional<std::string>(const std::string& path)>;
std::optional<std::string> read_sysctl(const std::string& path);

} // namespace vigil::doctor
