// The checker process's part of the control schema, version 1, pinned by golden files
// (golden/lvs_*.json), and the request parameter that routes to it.
#include "control/lvs_schema.hpp"
#include "control/protocol.hpp"
#include "golden.hpp"
#include "sample_lvs.hpp"

#include <doctest/doctest.h>

using namespace vigil::control;

namespace {

std::string golden(const char* name) {
    return std::string(VIGIL_CONTROL_GOLDEN_DIR) + "/" + name;
}

} // namespace

TEST_CASE("lvs schema: status") {
    vigil::testing::check_golden(golden("lvs_status.json"), to_json_text(lvs_status_result(testing::sample_lvs())) + "\n");
}

TEST_CASE("lvs schema: stats") {
    vigil::testing::check_golden(golden("lvs_stats.json"), to_json_text(lvs_stats_result(testing::sample_lvs())) + "\n");
}

TEST_CASE("lvs schema: a kind's own members only") {
    const Json fwmark = to_json(testing::sample_lvs().virtual_servers[1]);
    CHECK(fwmark.find("fwmark") != nullptr);
    CHECK(fwmark.find("address") == nullptr);
    CHECK(fwmark.find("group") == nullptr);
    const Json checker = to_json(testing::sample_lvs().virtual_servers[0].real_servers[1].checkers[0]);
    REQUIRE(checker.find("last_attempt") != nullptr);
    CHECK(checker.find("last_attempt")->find("code") != nullptr); // exited: its status
}

TEST_CASE("protocol: params.process routes status, stats and metrics") {
    for (const char* method : {"status", "stats", "metrics"}) {
        const auto r = parse_request(std::string(R"({"method":")") + method + R"(","params":{"process":"checker"}})");
        REQUIRE(std::holds_alternative<Request>(r));
        CHECK(std::get<Request>(r).process == Process::checker);
        // and back: the relay's line names it
        const auto again = parse_request(request_line(std::get<Request>(r)));
        REQUIRE(std::holds_alternative<Request>(again));
        CHECK(std::get<Request>(again).process == Process::checker);
    }
    const auto vrrp = parse_request(R"({"method":"status","params":{"process":"vrrp"}})");
    REQUIRE(std::holds_alternative<Request>(vrrp));
    CHECK(std::get<Request>(vrrp).process == Process::vrrp);
    // the default line is unchanged (version 1 clients and golden lines)
    CHECK(request_line(std::get<Request>(vrrp)) == "{\"version\":1,\"id\":null,\"method\":\"status\",\"params\":{}}\n");
    const auto bad = parse_request(R"({"method":"status","params":{"process":"bfd"}})");
    REQUIRE(std::holds_alternative<RequestError>(bad));
    CHECK(std::get<RequestError>(bad).code == ErrorCode::invalid_request);
    CHECK(error_code_name(ErrorCode::absent) == "absent");
}
