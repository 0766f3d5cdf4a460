#pragma once
// VRRP timer formulas, in one place (RFC 3768 section 6.1, RFC 5798 section 6.1,
// RFC 9568 section 6.1). Everything is computed in microseconds, without rounding to the
// wire unit, as keepalived 2.2.7 does: a VRRPv3 backup of priority 90 at 50 ms has a skew
// of 32.421 ms, not 30 ms (lab "Surprises" 3).

#include <chrono>
#include <cstdint>

namespace vigil::vrrp {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
// The engine's one duration unit.
using Duration = std::chrono::microseconds;

// The protocol version an instance speaks (RFC 3768 = 2, RFC 5798/9568 = 3).
enum class ProtocolVersion : std::uint8_t { v2 = 2, v3 = 3 };

// RFC 3768 section 6.1: Skew_Time = (256 - Priority) / 256 seconds (VRRPv2 ignores the
// advertisement interval here).
// RFC 5798/9568 section 6.1: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256.
// `priority` is the instance's effective priority (1..255).
constexpr Duration skew_time(ProtocolVersion version, std::uint8_t priority,
                             Duration master_adver_interval) noexcept {
    const std::int64_t weight = 256 - static_cast<std::int64_t>(priority);
    switch (version) {
    case ProtocolVersion::v2:
        return Duration{weight * std::int64_t{1'000'000} / 256};
    case ProtocolVersion::v3:
        return Duration{weight * master_adver_interval.count() / 256};
    }
    return Duration{0};
}

// RFC 3768/5798/9568 section 6.1: Master_Down_Interval = 3 * Master_Adver_Interval +
// Skew_Time. keepalived's `down_timer_adverts` (default 3) replaces the constant 3.
// For VRRPv2 Master_Adver_Interval is the local Advertisement_Interval.
constexpr Duration master_down_interval(ProtocolVersion version, std::uint8_t priority,
                                        Duration master_adver_interval,
                                        std::uint32_t down_timer_adverts = 3) noexcept {
    return master_adver_interval * static_cast<std::int64_t>(down_timer_adverts) +
           skew_time(version, priority, master_adver_interval);
}

} // namespace vigil::vrrp
