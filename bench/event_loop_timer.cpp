// Wake-up lateness of vigil's EventLoop timers: a timer re-armed at fixed absolute deadlines
// (as the daemon arms the engine's next deadline) records how late each callback runs.
// Usage: event_loop_timer [WAKEUPS_PER_CASE]
#include "runtime/event_loop.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sys/prctl.h>
#include <vector>

using namespace std::chrono;
using vigil::runtime::Clock;
using vigil::runtime::EventLoop;
using vigil::runtime::TimerId;

namespace {

void run_case(microseconds interval, int wakeups) {
    EventLoop loop;
    std::vector<double> late_us;
    late_us.reserve(static_cast<std::size_t>(wakeups));
    Clock::time_point deadline = Clock::now() + interval;
    TimerId timer{};
    timer = loop.create_timer([&] {
        late_us.push_back(duration<double, std::micro>(Clock::now() - deadline).count());
        if (static_cast<int>(late_us.size()) == wakeups) {
            loop.stop();
            return;
        }
        deadline += interval;
        loop.arm(timer, deadline);
    });
    loop.arm(timer, deadline);
    if (loop.run()) {
        std::perror("run");
        std::exit(1);
    }
    std::sort(late_us.begin(), late_us.end());
    auto at = [&](double q) { return late_us[static_cast<std::size_t>(q * (late_us.size() - 1))]; };
    std::printf("%10lld us %8d %10.1f %10.1f %10.1f %10.1f\n",
                static_cast<long long>(interval.count()), wakeups, at(0.0), at(0.5), at(0.99),
                late_us.back());
}

} // namespace

int main(int argc, char** argv) {
    const int wakeups = argc > 1 ? std::atoi(argv[1]) : 500;
    // The default slack (50 us), then 1 us (prctl PR_SET_TIMERSLACK, per thread).
    for (int round = 0; round < 2; ++round) {
        if (round == 1) {
            prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
        }
        const long slack_ns = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
        std::printf("timer slack %ld ns; lateness in microseconds\n", slack_ns);
        std::printf("%13s %8s %10s %10s %10s %10s\n", "interval", "wakeups", "min", "median", "p99",
                    "max");
        for (auto interval : {microseconds(1000), microseconds(10000), microseconds(50000)}) {
            run_case(interval, wakeups);
        }
    }
    return 0;
}
