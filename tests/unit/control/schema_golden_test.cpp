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
