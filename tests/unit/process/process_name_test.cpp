#include "process/auto_priority.hpp"
#include "process/process_name.hpp"

#include <doctest/doctest.h>

using vigil::process::ProcessRole;
using vigil::process::configured_process_name;

TEST_CASE("process names: the configured names and process_names' defaults") {
    vigil::config::GlobalDefs g;
    CHECK_FALSE(configured_process_name(g, ProcessRole::parent));
    CHECK_FALSE(configured_process_name(g, ProcessRole::vrrp));
    CHECK_FALSE(configured_process_name(g, ProcessRole::checker));
    CHECK_FALSE(configured_process_name(g, ProcessRole::bfd));
    g.process_names_ = true;
    CHECK(configured_process_name(g, ProcessRole::vrrp) == "keepalived_vrrp");
    CHECK(configured_process_name(g, ProcessRole::checker) == "keepalived_lvs");
    CHECK(configured_process_name(g, ProcessRole::bfd) == "keepalived_bfd");
    CHECK_FALSE(configured_process_name(g, ProcessRole::parent));
    g.vrrp_process_name_ = "v";
    g.process_name_ = "p";
    g.checker_.emplace().bfd_.process_name_ = "b";
    CHECK(configured_process_name(g, ProcessRole::vrrp) == "v");
    CHECK(configured_process_name(g, ProcessRole::parent) == "p");
    CHECK(configured_process_name(g, ProcessRole::bfd) == "b");
    CHECK(configured_process_name(g, ProcessRole::checker) == "keepalived_lvs");
}

TEST_CASE("max_auto_priority: steps and the lateness as keepalived prints it") {
    using vigil::process::next_auto_priority;
    CHECK_FALSE(next_auto_priority(0, 0, 1)); // max_auto_priority unset, 0 or -1
    CHECK(next_auto_priority(0, 99, 1) == 1u);
    CHECK(next_auto_priority(1, 99, 1) == 2u);
    CHECK(next_auto_priority(50, 99, 1) == 51u); // vrrp_rt_priority 50
    CHECK_FALSE(next_auto_priority(3, 3, 1));
    CHECK_FALSE(next_auto_priority(50, 10, 1));
    using vigil::process::format_lateness;
    CHECK(format_lateness(std::chrono::microseconds(1082848)) == "1.082848");
    CHECK(format_lateness(std::chrono::microseconds(2000005)) == "2.000005");
}

#include "process/reload_monitor.hpp"

TEST_CASE("reload_time_file: the formats keepalived accepts") {
    using vigil::process::parse_reload_time;
    const std::time_t now = 1'700'000'000; // 2023-11-14 22:13:20 UTC
    setenv("TZ", "UTC", 1);
    tzset();
    CHECK(parse_reload_time("2023-11-14 22:13:30", now).when == now + 10);
    CHECK(parse_reload_time("23-11-14 22:13:30", now).when == now + 10);
    CHECK(parse_reload_time("2023-11-14 22:13:30Z", now).date_given);
    CHECK(parse_reload_time("22:13:30", now).when == now + 10);
    CHECK_FALSE(parse_reload_time("22:13:30", now).date_given);
    CHECK(parse_reload_time("22:13:10", now).when == now - 10 + 86400); // passed: tomorrow
    CHECK(parse_reload_time("2023-11-14 22:13:10", now).past);
    CHECK_FALSE(parse_reload_time("2023-11-14 22:13:10", now).when);
    CHECK_FALSE(parse_reload_time("bad", now).when);
    CHECK_FALSE(parse_reload_time("2023-02-30 10:00:00", now).when); // normalised: not valid
    CHECK_FALSE(parse_reload_time("2023-11-14T22:13:30", now).when);
}
