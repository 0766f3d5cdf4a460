#include "runtime/log_queue.hpp"

#include <doctest/doctest.h>

#include <string>

using vigil::runtime::LogQueue;

TEST_CASE("log queue: lines leave in order, a partly written line keeps its rest at the front") {
    LogQueue q;
    CHECK(q.empty());
    q.push("first");
    q.push("second");
    CHECK(q.size() == 2);
    CHECK(q.bytes() == 11);
    CHECK(q.front() == "first");
    q.consume(2);
    CHECK(q.front() == "rst");
    q.consume(3);
    CHECK(q.front() == "second");
    q.consume(6);
    CHECK(q.empty());
    CHECK(q.bytes() == 0);
    CHECK(q.dropped() == 0);
}

TEST_CASE("log queue: past max_lines lines are dropped and counted, not before") {
    LogQueue q;
    for (std::size_t i = 0; i < LogQueue::max_lines; ++i) {
        q.push("x");
    }
    CHECK(q.size() == LogQueue::max_lines);
    CHECK(q.dropped() == 0);
    q.push("one too many");
    q.push("two too many");
    CHECK(q.size() == LogQueue::max_lines);
    CHECK(q.take_dropped() == 2);
    CHECK(q.dropped() == 0);
    q.consume(1);
    q.push("room again");
    CHECK(q.size() == LogQueue::max_lines);
    CHECK(q.dropped() == 0);
}

TEST_CASE("log queue: past max_bytes lines are dropped and counted") {
    LogQueue q;
    const std::string big(LogQueue::max_bytes / 4, 'a');
    for (int i = 0; i < 4; ++i) {
        q.push(big);
    }
    CHECK(q.bytes() == LogQueue::max_bytes);
    q.push("b");
    CHECK(q.size() == 4);
    CHECK(q.dropped() == 1);
    q.clear();
    CHECK(q.empty());
    CHECK(q.bytes() == 0);
    CHECK(q.dropped() == 0);
}
