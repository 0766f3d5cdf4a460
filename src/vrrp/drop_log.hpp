#pragma once
// Turns receive verdicts into keepalived's per-instance counters and log lines.
// One DropLog per instance. Counting mirrors keepalived 2.2.7: advert_rcvd counts every
// advert that passed the packet checks (including those later dropped for the VIP list or the
// unicast source), pri_zero_rcvd the accepted priority-0 ones. Log lines are rate limited per
// reason (burst 10, then 1 per second): at normal advert rates every line appears exactly as
// keepalived logs it; a flood cannot fill the log.

#include "vrrp/codec.hpp"
#include "vrrp/drop_reason.hpp"
#include "vrrp/rate_limiter.hpp"
#include "vrrp/stats.hpp"
#include "vrrp/validation.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

namespace vigil::vrrp {

// The counter a drop increments, or nullptr for reasons keepalived does not count.
std::uint64_t* drop_counter(Stats& stats, DropReason reason) noexcept;

class DropLog {
public:
    DropLog() noexcept;

    // Applies a verdict to `stats` and logs the drop (rate limited) for `instance`.
    void record(std::string_view instance, const Verdict& verdict, const Decoded& decoded,
                const ReceiveExpectations& expect, Stats& stats,
                RateLimiter::Clock::time_point now) noexcept;

    // For drops before an instance is known (DropReason::too_short etc.).
    void record_unattributed(DropReason reason, const Decoded& decoded,
                             RateLimiter::Clock::time_point now) noexcept;

    std::uint64_t suppressed(DropReason reason) const noexcept;

    // How many adverts this log dropped for `reason` (record()), whether keepalived counts
    // the reason or not (`vigil stats`, docs/control-protocol.md); and how many drops came
    // before an instance was known (record_unattributed()). Counted from the first drop on:
    // a drop that could not allocate the log's state is not counted.
    std::uint64_t dropped(DropReason reason) const noexcept;
    std::uint64_t dropped_unattributed(DropReason reason) const noexcept;

private:
    using Counts = std::array<std::uint64_t, drop_reason_count>;
    struct State {
        std::array<RateLimiter, drop_reason_count> limiters;
        Counts dropped{};
        Counts unattributed{};
    };
    // The state allocated at the first drop (nullptr if that fails).
    State* state() noexcept;
    // Whether a line for `reason` may be logged at `now`; false if the limiters cannot be
    // allocated (a flood under memory pressure is not logged).
    bool allow(DropReason reason, RateLimiter::Clock::time_point now) noexcept;

    // Allocated at the first drop: most instances never see one, and the limiters take
    // ~1 KB per instance (issue 4: resident memory with many instances).
    std::unique_ptr<State> limiters_;
};

} // namespace vigil::vrrp
