// The control schema, version 1, pinned by golden files (golden/*.json, one reply result per
// file). A change here is a protocol change: update the files (VIGIL_UPDATE_GOLDEN=1) only
// for additions, and document them in docs/control-protocol.md.
#include "control/explain.hpp"
#include "control/protocol.hpp"
#include "control/schema.hpp"
#include "golden.hpp"
#include "sample_status.hpp"

#include <doctest/doctest.h>

using namespace vigil::control;

namespace {

std::string golden(const char* name) {
    return std::string(VIGIL_CONTROL_GOLDEN_DIR) + "/" + name;
}

} // namespace

TEST_CASE("schema: status") {
    vigil::testing::check_golden(golden("status.json"), to_json_text(status_result(testing::sample_status())) + "\n");
}

TEST_CASE("schema: stats") {
    vigil::testing::check_golden(golden("stats.json"), to_json_text(stats_result(testing::sample_status())) + "\n");
}

TEST_CASE("schema: explain") {
    const InstanceView i = testing::sample_status().instances[0];
    vigil::testing::check_golden(golden("explain.json"), to_json_text(explain_result(i, explain(i))) + "\n");
}

TEST_CASE("schema: reload preview and events") {
    vigil::testing::check_golden(golden("reload_preview.json"), to_json_text(to_json(testing::sample_preview())) + "\n");
    const EventView e{3, 1796637724.5, "instance", "VI_1", "MASTER", "BACKUP", "higher_priority", 80};
    vigil::testing::check_golden(golden("event.json"), stream_event(to_json(e)));
}

TEST_CASE("schema: processes (the parent's answer)") {
    ProcessesView p;
    p.pid = 812;
    p.version = "0.1.0";
    p.started = 1796637700.5;
    p.config_file = "/etc/keepalived/keepalived.conf";
    p.reloads = 2;
    p.control_clients = 1;
    p.children = {{"checker", "Keepalived_healthcheckers", 0, false, 0, 0, false, ""},
                  {"vrrp", "Keepalived_vrrp", 815, true, 2, 1796637710.25, true, "/run/vigil/control.sock.vrrp"}};
    vigil::testing::check_golden(golden("processes.json"), to_json_text(to_json(p)) + "\n");
    const auto r = parse_request(R"({"method":"processes"})");
    REQUIRE(std::holds_alternative<Request>(r));
    CHECK(std::get<Request>(r).method == Method::processes);
    CHECK(access_needed(std::get<Request>(r)) == Access::read_only);
    CHECK(request_line(std::get<Request>(r)) == "{\"version\":1,\"id\":null,\"method\":\"processes\",\"params\":{}}\n");
}
