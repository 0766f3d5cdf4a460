#pragma once
// Respawn rate limit of the VRRP child (keepalived lib/scheduler.c behaviour, section 2):
// a child that ran more than 60 s is restarted at once and the back-off resets; otherwise
// successive quick deaths wait 0 s, 1 s, 2 s, 4 s ... capped at 60 s.

#include <chrono>

namespace vigil::process {

class RespawnBackoff {
public:
    static constexpr std::chrono::seconds long_run{60};
    static constexpr std::chrono::seconds max_delay{60};

    // The child died after running `ran_for`: how long to wait before restarting it.
    std::chrono::seconds on_death(std::chrono::steady_clock::duration ran_for) noexcept {
        if (ran_for > long_run) {
            next_ = std::chrono::seconds{1};
            return std::chrono::seconds{0};
        }
        const std::chrono::seconds delay = next_;
        next_ = next_.count() == 0 ? std::chrono::seconds{1} : std::min(next_ * 2, max_delay);
        return delay;
    }

private:
    std::chrono::seconds next_{0};
};

} // namespace vigil::process
