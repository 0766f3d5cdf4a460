// unsupported_reload_changes: the settings keepalived's reload_config refuses to change, one
// line each, in keepalived's order.
#include "process/supervisor.hpp"

#include <doctest/doctest.h>

using vigil::process::ProcessConfig;
using vigil::process::unsupported_reload_changes;

TEST_CASE("a reload changing nothing fixed goes ahead") {
    ProcessConfig running;
    running.net_namespace_ipvs = "lvs";
    running.vrrp_nft_table = "keepalived";
    ProcessConfig fresh = running;
    fresh.has_lvs = true; // other settings may change
    fresh.router_id = "other";
    CHECK(unsupported_reload_changes(running, fresh).empty());
}

TEST_CASE("each fixed setting refuses the reload with keepalived's line, in its order") {
    ProcessConfig running;
    ProcessConfig fresh;
    fresh.disable_local_igmp = true;
    fresh.net_namespace = "blue";
    fresh.net_namespace_ipvs = ""; // given without a name: still a change
    fresh.instance = "i1";
    fresh.vrrp_nft_table = "keepalived";
    fresh.ipvs_nft_table = "keepalived_ipvs";
    fresh.config_directory = "/tmp";
    const auto lines = unsupported_reload_changes(running, fresh);
    REQUIRE(lines.size() == 7);
    CHECK(lines[0] == "Cannot change network namespace at a reload - please restart keepalived");
    CHECK(lines[1] == "Cannot change IPVS network namespace at a reload - please restart keepalived");
    CHECK(lines[2] == "Cannot change instance name at a reload - please restart keepalived");
    CHECK(lines[3] == "Cannot change nftables table name at a reload - please restart keepalived");
    CHECK(lines[4] == "Cannot change IPVS nftables table name at a reload - please restart keepalived");
    CHECK(lines[5] == "Cannot change config_directory at a reload - please restart keepalived");
    CHECK(lines[6] == "Cannot change disable_local_igmp at a reload - please restart keepalived");
}
