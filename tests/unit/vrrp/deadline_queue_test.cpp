#include "vrrp/deadline_queue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

using namespace vigil::vrrp;

TEST_CASE("deadline queue keeps the earliest deadline on top under random updates") {
    constexpr std::uint32_t n = 200;
    DeadlineQueue queue(n);
    std::vector<TimePoint> model(n, DeadlineQueue::never);
    std::mt19937 random(7);
    const TimePoint base{};
    for (int step = 0; step < 20000; ++step) {
        const std::uint32_t id = random() % n;
        const TimePoint when =
            random() % 5 == 0 ? DeadlineQueue::never : base + Duration{random() % 1000};
        queue.set(id, when);
        model[id] = when;
        const auto earliest = std::min_element(model.begin(), model.end());
        REQUIRE(queue.top_time() == *earliest);
        if (!queue.empty()) {
            REQUIRE(model[queue.top_id()] == *earliest);
        }
    }
}
