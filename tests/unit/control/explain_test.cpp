#include "control/explain.hpp"
#include "sample_status.hpp"

#include <doctest/doctest.h>

#include <algorithm>

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

namespace {

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

} // namespace

TEST_CASE("explain: facts of the configuration (state MASTER and nopreempt, weights that cannot matter)") {
    // sample VI_1: BACKUP, configured 100, chk_nginx -20, eth1 weight 0, maint file; master 192.0.2.1 at 100
    InstanceView i = testing::sample_status().instances[0];
    i.initial_state = "MASTER";
    CHECK(has_line(explain(i), "state MASTER is configured: nopreempt cannot apply to it (keepalived clears nopreempt "
                               "with state MASTER at load, with a warning), so we take over from any master "
                               "advertising a lower priority"));
    CHECK_FALSE(has_line(explain(testing::sample_status().instances[1]),
                         "state MASTER is configured: nopreempt cannot apply to it (keepalived clears nopreempt "
                         "with state MASTER at load, with a warning), so we take over from any master "
                         "advertising a lower priority")); // the address owner
    // weights that can only lower us: no tracker can make us master against 100
    i = testing::sample_status().instances[0];
    i.base_priority = 90;
    i.trackers[0].weight = 5; // chk_nginx now adds 5 when up: 95 < 100
    CHECK(has_line(explain(i), "no tracker of ours can make us master while 192.0.2.1 advertises 100: our weights reach at most 95"));
    i.trackers[0].weight = 15;
    CHECK_FALSE(has_line(explain(i), "no tracker of ours can make us master while 192.0.2.1 advertises 100: our weights reach at most 105"));
    // a weight the 1..254 clamp absorbs
    i.base_priority = 250;
    i.trackers[0].weight = 10;
    CHECK(has_line(explain(i), "track_script chk_nginx weight 10: alone it moves us only to 254 (priority stays within 1..254)"));
    // weights that keep us above the master: only nopreempt holds us back
    i = testing::sample_status().instances[0];
    i.base_priority = 120;
    i.master_priority = 90;
    i.nopreempt = true;
    CHECK(has_line(explain(i), "our weights keep us at 100 or more, above 192.0.2.1's 90: only nopreempt keeps us BACKUP"));
}
