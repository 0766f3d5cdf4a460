// checkd::descriptors_needed and ensure_descriptor_limit: keepalived 2.2.7's open-file limit
// for the checker child (17 + one per socket checker + 10).
#include "checkd/fd_limit.hpp"

#include <doctest/doctest.h>

#include <sys/resource.h>

using vigil::checkd::descriptors_needed;
using vigil::checkd::ensure_descriptor_limit;
namespace config = vigil::config;

namespace {

config::Checker checker(config::CheckerType type) {
    config::Checker c;
    c.type_ = type;
    return c;
}

} // namespace

TEST_CASE("descriptors: 27 of its own, one per checker that holds a socket") {
    config::Config cfg;
    CHECK(descriptors_needed(cfg) == 27);
    auto& lvs = cfg.lvs_.emplace();
    config::VirtualServer vs;
    config::RealServer web;
    web.checkers_ = {checker(config::CheckerType::http_get), checker(config::CheckerType::tcp),
                     checker(config::CheckerType::misc), checker(config::CheckerType::file)};
    config::RealServer dns;
    dns.checkers_ = {checker(config::CheckerType::dns), checker(config::CheckerType::ping),
                     checker(config::CheckerType::bfd)};
    vs.real_servers_ = {web, dns};
    lvs.virtual_servers_ = {vs, vs};
    CHECK(descriptors_needed(cfg) == 27 + 2 * 4);
}

TEST_CASE("the limit is raised to what is needed, never lowered below the start") {
    rlimit start{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &start) == 0);
    ensure_descriptor_limit(1); // below: nothing changes
    rlimit now{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &now) == 0);
    CHECK(now.rlim_cur == start.rlim_cur);
    CHECK(now.rlim_max == start.rlim_max);
    if (start.rlim_cur < start.rlim_max) {
        ensure_descriptor_limit(start.rlim_cur + 1); // within the hard limit: allowed to anyone
        REQUIRE(::getrlimit(RLIMIT_NOFILE, &now) == 0);
        CHECK(now.rlim_cur == start.rlim_cur + 1);
        ensure_descriptor_limit(1); // a reload needing less: back to the start
        REQUIRE(::getrlimit(RLIMIT_NOFILE, &now) == 0);
        CHECK(now.rlim_cur == start.rlim_cur);
        CHECK(now.rlim_max == start.rlim_max);
    }
}
