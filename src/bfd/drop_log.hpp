#pragma once
// Counts every discarded packet by reason and logs it (detail level, -D) in keepalived
// 2.2.7's wording, rate limited per reason (burst 10, then one a second) so that a flood
// cannot fill the log.

#include "bfd/codec.hpp"
#include "bfd/drop_reason.hpp"
#include "bfd/received_packet.hpp"
#include "util/rate_limiter.hpp"

#include <array>
#include <cstdint>

namespace vigil::bfd {

class DropLog {
public:
    // `min_ttl` is the session's minimum for DropReason::ttl (ignored otherwise).
    void record(DropReason reason, const ReceivedPacket& packet, const Decoded& decoded,
                std::uint8_t min_ttl, util::RateLimiter::Clock::time_point now) noexcept;

    std::uint64_t count(DropReason reason) const noexcept {
        return counts_[static_cast<std::size_t>(reason)];
    }

private:
    std::array<std::uint64_t, drop_reason_count> counts_{};
    std::array<util::RateLimiter, drop_reason_count> limiters_{};
};

} // namespace vigil::bfd
