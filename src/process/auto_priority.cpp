#include "process/auto_priority.hpp"

#include <fmt/format.h>

namespace vigil::process {

std::string format_lateness(std::chrono::microseconds late) {
    const auto count = late.count();
    return fmt::format("{}.{:06}", count / 1000000, count % 1000000);
}

std::optional<unsigned> next_auto_priority(unsigned current, unsigned max, unsigned minimum) noexcept {
    if (max == 0) {
        return std::nullopt;
    }
    if (current == 0) {
        return minimum;
    }
    if (current >= max) {
        return std::nullopt;
    }
    return current + 1;
}

std::optional<std::chrono::microseconds> late_wake_up(std::chrono::steady_clock::time_point due,
                                                      std::chrono::steady_clock::time_point now,
                                                      std::chrono::microseconds min_delay) noexcept {
    if (due == std::chrono::steady_clock::time_point::max() || now <= due) {
        return std::nullopt;
    }
    const auto late = std::chrono::duration_cast<std::chrono::microseconds>(now - due);
    if (late <= min_delay) {
        return std::nullopt;
    }
    return late;
}

} // namespace vigil::process
