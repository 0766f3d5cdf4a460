#include "process/auto_priority.hpp"
#include "process/process_scheduling.hpp"

#include <doctest/doctest.h>

using namespace vigil::process;
using namespace std::chrono_literals;

TEST_CASE("vrrp_cpu_affinity: CPU numbers and ranges") {
    CHECK(parse_cpu_list({"1"}) == std::vector<unsigned>{1});
    CHECK(parse_cpu_list({"0-2", "5"}) == std::vector<unsigned>{0, 1, 2, 5});
    CHECK_FALSE(parse_cpu_list({"2-1"}));
    CHECK_FALSE(parse_cpu_list({"x"}));
    CHECK_FALSE(parse_cpu_list({"1-"}));
    CHECK_FALSE(parse_cpu_list({"99999"}));
}

TEST_CASE("each child takes its own keywords and the shared auto-priority ones") {
    vigil::config::GlobalDefs g;
    g.vrrp_priority_ = -5;
    g.vrrp_cpu_affinity_ = {"0", "1"};
    g.max_auto_priority_ = 20;
    g.min_auto_priority_delay_ = 250000;
    auto& c = g.checker_.emplace();
    c.checker_.priority_ = 3;
    c.checker_.no_swap_ = true;
    c.bfd_.rt_priority_ = 7;
    c.bfd_.rlimit_rttime_ = 40000;
    c.bfd_.cpu_affinity_ = {1};

    const SchedulingSettings vrrp = scheduling_settings(ProcessRole::vrrp, g);
    CHECK(vrrp.nice == -5);
    CHECK(vrrp.realtime_priority == 0);
    CHECK(vrrp.cpus == std::vector<unsigned>{0, 1});
    CHECK_FALSE(vrrp.no_swap);
    CHECK(vrrp.max_auto_priority == 20);
    CHECK(vrrp.min_auto_priority_delay == 250ms);

    const SchedulingSettings checker = scheduling_settings(ProcessRole::checker, g);
    CHECK(checker.nice == 3);
    CHECK(checker.no_swap);
    CHECK(checker.cpus.empty());
    CHECK(checker.rlimit_rttime == 10000);
    CHECK(checker.max_auto_priority == 20);

    const SchedulingSettings bfd = scheduling_settings(ProcessRole::bfd, g);
    CHECK(bfd.nice == 0);
    CHECK(bfd.realtime_priority == 7);
    CHECK(bfd.rlimit_rttime == 40000);
    CHECK(bfd.cpus == std::vector<unsigned>{1});
    CHECK(bfd.min_auto_priority_delay == 250ms);

    g.max_auto_priority_ = -1; // silences the parent's NOTICE only
    CHECK(scheduling_settings(ProcessRole::bfd, g).max_auto_priority == 0);
    vigil::config::GlobalDefs none;
    CHECK(scheduling_settings(ProcessRole::checker, none) == SchedulingSettings{});
}

TEST_CASE("late wake-ups: keepalived's threshold and wording") {
    const auto due = std::chrono::steady_clock::time_point{} + 10s;
    CHECK_FALSE(late_wake_up(due, due + 1s, 1s));       // not more than the delay
    CHECK(late_wake_up(due, due + 1s + 1us, 1s) == 1000001us);
    CHECK_FALSE(late_wake_up(due, due - 1ms, 1s));       // woken early by another event
    CHECK_FALSE(late_wake_up(std::chrono::steady_clock::time_point::max(), due, 1s)); // no timer
    CHECK(format_lateness(2014135us) == "2.014135");
    CHECK(format_lateness(500us) == "0.000500");
}

TEST_CASE("auto-priority steps: the minimum first, then one at a time up to the cap") {
    CHECK(next_auto_priority(0, 0, 1) == std::nullopt);
    CHECK(next_auto_priority(0, 10, 1) == 1U);
    CHECK(next_auto_priority(4, 10, 1) == 5U); // *_rt_priority 4 configured
    CHECK(next_auto_priority(10, 10, 1) == std::nullopt);
    CHECK(next_auto_priority(12, 10, 1) == std::nullopt);
}
