#include "http/status_codes.hpp"

#include <doctest/doctest.h>

using vigil::http::StatusCodes;

TEST_CASE("no status_code: keepalived's 200-299") {
    const StatusCodes codes({});
    CHECK_FALSE(codes.contains(199));
    CHECK(codes.contains(200));
    CHECK(codes.contains(299));
    CHECK_FALSE(codes.contains(300));
    CHECK(codes.runs() == std::vector<std::string>{"200-299"});
}

TEST_CASE("lists and ranges, as written; outside 100-599 never") {
    const StatusCodes codes({{200, 200}, {301, 302}, {500, 599}, {404, 404}});
    CHECK(codes.contains(200));
    CHECK_FALSE(codes.contains(201));
    CHECK(codes.contains(302));
    CHECK(codes.contains(404));
    CHECK(codes.contains(599));
    CHECK_FALSE(codes.contains(600));
    CHECK_FALSE(codes.contains(0));
    CHECK(codes.runs() == std::vector<std::string>{"200", "301-302", "404", "500-599"});
}

TEST_CASE("invalid ranges are ignored; all invalid means the default") {
    const StatusCodes codes({{300, 200}, {50, 60}});
    CHECK(codes.contains(250));
    CHECK_FALSE(codes.contains(300));
}
