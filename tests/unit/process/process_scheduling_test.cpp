#include "process/process_scheduling.hpp"

#include <doctest/doctest.h>

using vigil::process::parse_cpu_list;

TEST_CASE("vrrp_cpu_affinity: CPU numbers and ranges") {
    CHECK(parse_cpu_list({"1"}) == std::vector<unsigned>{1});
    CHECK(parse_cpu_list({"0-2", "5"}) == std::vector<unsigned>{0, 1, 2, 5});
    CHECK_FALSE(parse_cpu_list({"2-1"}));
    CHECK_FALSE(parse_cpu_list({"x"}));
    CHECK_FALSE(parse_cpu_list({"1-"}));
    CHECK_FALSE(parse_cpu_list({"99999"}));
}
