#pragma once
// Shared helpers of bench_engine: each part (decode, engine) measures a loop and prints one
// line per case with rate and cost, in the same format.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace vigil::bench {

struct Result {
    std::uint64_t operations = 0;
    std::chrono::nanoseconds elapsed{0};

    double per_second() const {
        return elapsed.count() == 0 ? 0.0
                                    : static_cast<double>(operations) * 1e9 /
                                          static_cast<double>(elapsed.count());
    }
    double ns_per_operation() const {
        return operations == 0 ? 0.0
                               : static_cast<double>(elapsed.count()) /
                                     static_cast<double>(operations);
    }
};

// Runs `body(i)` for at least `minimum` wall time, in batches, and reports the total.
template <typename Body>
Result measure(std::chrono::nanoseconds minimum, Body&& body) {
    using Clock = std::chrono::steady_clock;
    Result result;
    const auto start = Clock::now();
    std::uint64_t batch = 1024;
    while (true) {
        for (std::uint64_t i = 0; i < batch; ++i) {
            body(result.operations + i);
        }
        result.operations += batch;
        result.elapsed = Clock::now() - start;
        if (result.elapsed >= minimum) {
            return result;
        }
        batch *= 2;
    }
}

inline void print(std::string_view part, std::string_view name, std::string_view unit,
                  const Result& result) {
    std::printf("%-8.*s %-34.*s %12.0f %s/s %9.1f ns/%.*s\n", static_cast<int>(part.size()),
                part.data(), static_cast<int>(name.size()), name.data(), result.per_second(),
                std::string(unit).c_str(), result.ns_per_operation(),
                static_cast<int>(unit.size()), unit.data());
}

// Each part: runs its cases, prints, returns false if a case misses its target.
bool run_decode(std::chrono::nanoseconds per_case);
bool run_engine(std::chrono::nanoseconds per_case);

} // namespace vigil::bench
