#include "track/script_tracker.hpp"

#include <doctest/doctest.h>

using namespace vigil::track;

TEST_CASE("rise/fall: one success suffices at start, `fall` failures to lose, `rise` to regain") {
    RiseFall rf(2, 3, InitialResult::assume_ok_after_one_success);
    CHECK(rf.status() == ScriptStatus::init);
    CHECK(rf.record(true) == ScriptStatus::ok);
    CHECK_FALSE(rf.record(false).has_value());
    CHECK_FALSE(rf.record(false).has_value());
    CHECK(rf.record(false) == ScriptStatus::failed);
    CHECK_FALSE(rf.record(true).has_value());
    CHECK(rf.record(true) == ScriptStatus::ok);

    RiseFall failing(1, 1, InitialResult::assume_ok_after_one_success);
    CHECK(failing.record(false) == ScriptStatus::failed);

    RiseFall init_fail(2, 1, InitialResult::failed);
    CHECK(init_fail.status() == ScriptStatus::failed);
    CHECK_FALSE(init_fail.record(true).has_value());
    CHECK(init_fail.record(true) == ScriptStatus::ok);
    CHECK(init_fail.record(false) == ScriptStatus::failed);
}
