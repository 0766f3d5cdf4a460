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

TEST_CASE("equal deadlines come out in the order they were set") {
    DeadlineQueue queue(4);
    const TimePoint t = TimePoint{} + Duration{100};
    queue.set(3, t);
    queue.set(1, t);
    queue.set(2, t);
    queue.set(0, t + Duration{1});
    std::vector<std::uint32_t> order;
    while (!queue.empty()) {
        order.push_back(queue.top_id());
        queue.set(queue.top_id(), DeadlineQueue::never);
    }
    CHECK(order == std::vector<std::uint32_t>{3, 1, 2, 0});
}
