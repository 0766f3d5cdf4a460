#pragma once
// RFC 5881 section 4: the source port of BFD Control packets MUST be in 49152-65535. Like
// keepalived 2.2.7, vigil draws it from the kernel's ip_local_port_range intersected with
// that range, or from the whole range when the intersection has fewer than 1024 ports.

#include <cstdint>

namespace vigil::udp {

struct PortRange {
    std::uint16_t low = 49152;
    std::uint16_t high = 65535;
    friend bool operator==(PortRange, PortRange) = default;
};

inline constexpr PortRange rfc5881_ports{49152, 65535};

// The range to draw from, given the kernel's ip_local_port_range [low, high].
constexpr PortRange source_port_range(std::uint32_t local_low, std::uint32_t local_high) noexcept {
    const std::uint32_t low = local_low < rfc5881_ports.low ? rfc5881_ports.low : local_low;
    const std::uint32_t high = local_high > rfc5881_ports.high ? rfc5881_ports.high : local_high;
    if (low > high || high - low < 1023) {
        return rfc5881_ports;
    }
    return {static_cast<std::uint16_t>(low), static_cast<std::uint16_t>(high)};
}

// Reads /proc/sys/net/ipv4/ip_local_port_range (of the calling process's network namespace)
// and applies source_port_range(); the RFC range if the file cannot be read.
PortRange read_source_port_range() noexcept;

} // namespace vigil::udp
