#pragma once
// A deterministic token bucket driven by the caller's clock (RFC 9568 section 7.1: receive
// errors SHOULD be logged "subject to rate-limiting"). `burst` events pass at once; then one
// more per `period`. Time only moves forward through the arguments: no clock is read here.

#include <chrono>
#include <cstdint>

namespace vigil::util {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    // Burst 10, then one per second.
    constexpr RateLimiter() noexcept : RateLimiter(10, std::chrono::seconds{1}) {}
    constexpr RateLimiter(std::uint32_t burst, Clock::duration period) noexcept
        : burst_(burst), tokens_(burst), period_(period) {}

    // True if an event at `now` may be logged. Counts the ones refused.
    bool allow(Clock::time_point now) noexcept {
        if (!started_) {
            started_ = true;
            last_refill_ = now;
        } else if (now > last_refill_ && period_.count() > 0) {
            const auto periods = (now - last_refill_) / period_;
            if (periods > 0) {
                const auto refill = static_cast<std::uint64_t>(periods);
                tokens_ = refill >= burst_ - tokens_ ? burst_
                                                     : tokens_ + static_cast<std::uint32_t>(refill);
                last_refill_ += periods * period_;
            }
        }
        if (tokens_ == 0) {
            ++suppressed_;
            return false;
        }
        --tokens_;
        return true;
    }

    std::uint64_t suppressed() const noexcept { return suppressed_; }

private:
    std::uint32_t burst_;
    std::uint32_t tokens_;
    Clock::duration period_;
    Clock::time_point last_refill_{};
    bool started_ = false;
    std::uint64_t suppressed_ = 0;
};

} // namespace vigil::util
