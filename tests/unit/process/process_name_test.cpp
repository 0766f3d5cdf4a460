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
