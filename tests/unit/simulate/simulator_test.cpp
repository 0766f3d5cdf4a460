// The simulation end to end on small configurations written here: timings from the RFC
// formulas, flags for the classic mistakes.
#include "simulate/simulator.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace vigil::simulate;
using vigil::vrrp::Duration;

namespace {

struct TempConfigs {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("vigil-sim-test-" + std::to_string(::getpid()));
    TempConfigs() { std::filesystem::create_directories(dir); }
    ~TempConfigs() { std::filesystem::remove_all(dir); }
    std::filesystem::path write(const std::string& name, const std::string& text) {
        const auto path = dir / name;
        std::ofstream(path) << text;
        return path;
    }
};

std::string instance(int vrid, int priority, const std::string& extra, const std::string& vip = "192.0.2.100/24") {
    return "vrrp_instance VI_1 {\n state BACKUP\n interface eth0\n virtual_router_id " + std::to_string(vrid) +
           "\n priority " + std::to_string(priority) + "\n advert_int 1\n" + extra +
           "\n virtual_ipaddress {\n  " + vip + "\n }\n}\n";
}

bool has_flag(const Timeline& t, const std::string& kind) {
    return std::any_of(t.flags.begin(), t.flags.end(), [&](const Flag& f) { return f.kind == kind; });
}

} // namespace

TEST_CASE("two nodes: the higher priority wins after its Master_Down_Interval; a crash hands over") {
    TempConfigs tmp;
    Options options;
    options.nodes = {{"r1", tmp.write("r1.conf", instance(51, 100, "")), "r1"},
                     {"r2", tmp.write("r2.conf", instance(51, 90, "")), "r2"}};
    std::vector<ParseError> errors;
    options.events = parse_scenario("5500ms crash r1\n", "s", errors);
    options.until = Duration{10'000'000};
    const Result result = run(options);
    REQUIRE(result.ok);
    const auto& t = result.timeline.transitions;
    REQUIRE(t.size() == 5);
    // RFC 3768 section 6.1: 3 s + (256 - 100) / 256 s.
    CHECK(t[2].node == "r1");
    CHECK(t[2].to == "MASTER");
    CHECK(t[2].at == Duration{3'609'375});
    CHECK(t[3].to == "DOWN");
    // r1's last advert at 4.609375 s, then r2's 3 s + (256 - 90) / 256 s.
    CHECK(t[4].node == "r2");
    CHECK(t[4].to == "MASTER");
    CHECK(t[4].at == Duration{4'609'375 + 3'648'437});
    CHECK(t[4].reason.starts_with("no advert for Master_Down_Interval"));
    CHECK(has_flag(result.timeline, "no-master"));
    CHECK_FALSE(has_flag(result.timeline, "two-masters"));
}

TEST_CASE("flags: disagreeing peers, a VRID shared by two clusters, weights that never matter") {
    TempConfigs tmp;
    Options options;
    options.nodes = {{"r1", tmp.write("r1.conf", "vrrp_script chk {\n script \"/bin/true\"\n}\n" +
                                                     instance(51, 200, " track_script {\n  chk weight -10\n }")),
                      "r1"},
                     {"r2", tmp.write("r2.conf", instance(51, 90, " authentication {\n  auth_type PASS\n  auth_pass x\n }",
                                                          "192.0.2.200/24")),
                      "r2"}};
    const Result result = run(options);
    REQUIRE(result.ok);
    int mismatches = 0;
    for (const Flag& f : result.timeline.flags) {
        mismatches += f.kind == "mismatch" ? 1 : 0;
    }
    CHECK(mismatches == 2); // authentication and the VIP list
    CHECK(has_flag(result.timeline, "weights"));
    // Neither hears the other (auth): two masters.
    CHECK(has_flag(result.timeline, "two-masters"));
    CHECK(has_flag(result.timeline, "dropped"));
}

TEST_CASE("a partition gives two masters until it heals") {
    TempConfigs tmp;
    Options options;
    options.nodes = {{"r1", tmp.write("r1.conf", instance(51, 100, "")), "r1"},
                     {"r2", tmp.write("r2.conf", instance(51, 90, "")), "r2"}};
    std::vector<ParseError> errors;
    options.events = parse_scenario("5s partition r1 r2\n12s heal r1\n", "s", errors);
    options.until = Duration{15'000'000};
    const Result result = run(options);
    REQUIRE(result.ok);
    const auto two = std::find_if(result.timeline.flags.begin(), result.timeline.flags.end(),
                                  [](const Flag& f) { return f.kind == "two-masters"; });
    REQUIRE(two != result.timeline.flags.end());
    CHECK(two->at == Duration{4'609'375 + 3'648'437});
    CHECK(two->until > Duration{12'000'000});
    CHECK(two->until < Duration{13'000'000});
}

TEST_CASE("unknown nodes in events and unreadable configurations are errors") {
    TempConfigs tmp;
    Options options;
    options.nodes = {{"r1", tmp.dir / "missing.conf", "r1"}};
    std::vector<ParseError> errors;
    options.events = parse_scenario("1s crash r9\n", "s", errors);
    const Result result = run(options);
    CHECK_FALSE(result.ok);
    CHECK(result.timeline.transitions.empty());
    CHECK(std::any_of(result.timeline.diagnostics.begin(), result.timeline.diagnostics.end(),
                      [](const std::string& d) { return d.find("unknown node r9") != std::string::npos; }));
}

TEST_CASE("reload: a backup reloaded with a higher priority preempts") {
    TempConfigs tmp;
    Options options;
    options.nodes = {{"r1", tmp.write("r1.conf", instance(51, 100, "")), "r1"},
                     {"r2", tmp.write("r2.conf", instance(51, 90, "")), "r2"}};
    const auto higher = tmp.write("r2-higher.conf", instance(51, 110, ""));
    std::vector<ParseError> errors;
    options.events = parse_scenario("5s reload r2 " + higher.string() + "\n", "s", errors);
    options.until = Duration{12'000'000};
    Result result = run(options);
    REQUIRE(result.ok);
    const auto& t = result.timeline.transitions;
    REQUIRE_FALSE(t.empty());
    CHECK(t.back().node == "r1");
    CHECK(t.back().to == "BACKUP");
    CHECK(std::any_of(t.begin(), t.end(), [](const Transition& x) { return x.node == "r2" && x.to == "MASTER"; }));
}
