#include "runtime/event_loop.hpp"
#include "track/file_tracker.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using vigil::runtime::EventLoop;
using namespace vigil::track;

TEST_CASE("track_file values: leading integer, 0 otherwise") {
    CHECK(parse_track_file_value("12\n") == 12);
    CHECK(parse_track_file_value("  -7 xyz") == -7);
    CHECK(parse_track_file_value("abc") == 0);
    CHECK(parse_track_file_value("") == 0);
}

TEST_CASE("track_file: init_file and inotify updates") {
    char t[] = "/tmp/vigil-track-XXXXXX";
    REQUIRE(mkdtemp(t) != nullptr);
    const std::string path = std::string(t) + "/weight";
    EventLoop loop;
    std::vector<std::int64_t> seen;
    FileTracker tracker(loop, [&](std::size_t, std::int64_t v) { seen.push_back(v); });
    tracker.start({{"f", path, 5, false}});
    REQUIRE(seen.size() == 1);
    CHECK(seen[0] == 5);
    std::ofstream(path) << "-3\n";
    for (int i = 0; i < 50 && seen.size() < 2; ++i) {
        [[maybe_unused]] auto ec = loop.run_once(std::chrono::milliseconds(20));
    }
    REQUIRE(seen.size() == 2);
    CHECK(seen[1] == -3);
    CHECK(tracker.value(0) == -3);
    std::system(("rm -rf " + std::string(t)).c_str());
}
