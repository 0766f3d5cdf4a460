#include "control/protocol.hpp"

#include <doctest/doctest.h>

using namespace vigil::control;

namespace {

Request request(std::string_view line) {
    auto r = parse_request(line);
    REQUIRE(std::holds_alternative<Request>(r));
    return std::get<Request>(r);
}

ErrorCode error(std::string_view line) {
    auto r = parse_request(line);
    REQUIRE(std::holds_alternative<RequestError>(r));
    return std::get<RequestError>(r).code;
}

} // namespace

TEST_CASE("protocol: requests") {
    CHECK(request(R"({"method":"status"})").method == Method::status);
    const Request e = request(R"({"version":1,"id":"a","method":"explain","params":{"instance":"VI_1"}})");
    CHECK(e.method == Method::explain);
    CHECK(e.instance == "VI_1");
    CHECK(*e.id.string() == "a");
    CHECK(request(R"({"method":"events","params":{"follow":true}})").follow);
    CHECK(request(R"({"method":"reload","params":{"preview":true}})").preview);
    CHECK_FALSE(request(R"({"method":"reload"})").preview);
}

TEST_CASE("protocol: errors carry a code and the id when known") {
    CHECK(error("garbage") == ErrorCode::parse_error);
    CHECK(error("[1]") == ErrorCode::invalid_request);
    CHECK(error(R"({"id":1})") == ErrorCode::invalid_request);
    CHECK(error(R"({"method":"shutdown"})") == ErrorCode::unknown_method);
    CHECK(error(R"({"method":"status","version":2})") == ErrorCode::unsupported_version);
    CHECK(error(R"({"method":"explain"})") == ErrorCode::invalid_request);
    CHECK(error(R"({"method":"explain","params":{"instance":""}})") == ErrorCode::invalid_request);
    CHECK(error(R"({"method":"events","params":{"follow":"yes"}})") == ErrorCode::invalid_request);
    CHECK(error(R"({"method":"status","params":[]})") == ErrorCode::invalid_request);
    auto r = std::get<RequestError>(parse_request(R"({"id":9,"method":"nope"})"));
    CHECK(*r.id.integer() == 9);
}

TEST_CASE("protocol: only an applied reload needs root") {
    CHECK(access_needed(request(R"({"method":"status"})")) == Access::read_only);
    CHECK(access_needed(request(R"({"method":"metrics"})")) == Access::read_only);
    CHECK(access_needed(request(R"({"method":"reload","params":{"preview":true}})")) == Access::read_only);
    CHECK(access_needed(request(R"({"method":"reload"})")) == Access::admin);
}

TEST_CASE("protocol: reply and request lines") {
    CHECK(reply_result(Json(7), Json::object()) == "{\"version\":1,\"id\":7,\"result\":{}}\n");
    CHECK(reply_error(nullptr, ErrorCode::permission_denied, "root only") ==
          "{\"version\":1,\"id\":null,\"error\":{\"code\":\"permission_denied\",\"message\":\"root only\"}}\n");
    CHECK(stream_event(Json::object()) == "{\"version\":1,\"event\":{}}\n");
    Request r;
    r.method = Method::explain;
    r.instance = "VI \"1\"";
    const std::string line = request_line(r);
    CHECK(line == "{\"version\":1,\"id\":null,\"method\":\"explain\",\"params\":{\"instance\":\"VI \\\"1\\\"\"}}\n");
    CHECK(request(line.substr(0, line.size() - 1)).instance == "VI \"1\"");
}
