#include "control/explain.hpp"
#include "sample_status.hpp"

#include <doctest/doctest.h>

using namespace vigil::control;

TEST_CASE("explain: a backup lowered by a failing script names the master, the script and the drop") {
    const auto lines = explain(testing::sample_status().instances[0]);
    REQUIRE(lines.size() >= 3);
    CHECK(lines[0] == "BACKUP: master 192.0.2.1 advertises priority 100 > our 80");
    CHECK(lines[1] == "track_script chk_nginx failing since 10:02:03 UTC lowers us by 20");
    CHECK(lines[2] == "track_file maint \"x\" value 3 since 10:01:40 UTC raises us by 3");
    CHECK(lines[3] == "priority: configured 100, effective 80");
}

TEST_CASE("explain: master by timeout, owner, fault by tracker, nopreempt") {
    InstanceView i = testing::sample_status().instances[0];
    i.state = "MASTER";
    i.last_reason = "timeout";
    i.trackers.clear();
    CHECK(explain(i)[0].starts_with("MASTER: no advert from a better master for the Master_Down_Interval (3.688 s)"));
    CHECK(explain(testing::sample_status().instances[1])[0] == "MASTER: we own the virtual addresses (priority 255)");
    InstanceView f = testing::sample_status().instances[0];
    f.state = "FAULT";
    f.trackers[0].causes_fault = true;
    CHECK(explain(f)[0] == "FAULT: track_script chk_nginx failing since 10:02:03 UTC");
    InstanceView n = testing::sample_status().instances[0];
    n.master_priority = 50;
    n.nopreempt = true;
    CHECK(explain(n)[0] == "BACKUP: master 192.0.2.1 advertises priority 50 < our 80, but nopreempt is set: we do not take over");
    InstanceView w = testing::sample_status().instances[0];
    w.master_address.reset();
    CHECK(explain(w)[0].starts_with("BACKUP: no master heard yet"));
}
