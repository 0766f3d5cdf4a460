#pragma once
// A 48-bit IEEE 802 MAC address in transmission order.

#include <array>
#include <cstdint>
#include <fmt/format.h>

namespace vigil::arp {

using MacAddress = std::array<std::uint8_t, 6>;

inline constexpr MacAddress broadcast_mac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// "00:11:22:aa:bb:cc", as `ip link` prints it.
inline std::string to_string(const MacAddress& mac) {
    return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", mac[0], mac[1], mac[2], mac[3],
                       mac[4], mac[5]);
}

} // namespace vigil::arp
