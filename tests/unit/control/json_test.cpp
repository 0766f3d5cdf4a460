#include "control/json.hpp"

#include <doctest/doctest.h>

#include <string>

using vigil::control::Json;
using vigil::control::JsonError;
using vigil::control::parse_json;
using vigil::control::to_json_text;

namespace {

std::string round_trip(std::string_view text) {
    auto parsed = parse_json(text);
    REQUIRE(std::holds_alternative<Json>(parsed));
    return to_json_text(std::get<Json>(parsed));
}

bool refused(std::string_view text) {
    return std::holds_alternative<JsonError>(parse_json(text));
}

} // namespace

TEST_CASE("json: values round-trip compactly, members in order") {
    CHECK(round_trip(R"( {"b": 1, "a": [true, false, null, -3, 2.5, "x"]} )") ==
          R"({"b":1,"a":[true,false,null,-3,2.5,"x"]})");
    CHECK(round_trip("[]") == "[]");
    CHECK(round_trip("{}") == "{}");
    CHECK(round_trip("1e2") == "100");
    CHECK(round_trip("-0") == "0");
    CHECK(round_trip("9223372036854775807") == "9223372036854775807");
}

TEST_CASE("json: strings escape control characters and keep UTF-8") {
    CHECK(round_trip(R"("a\"b\\c\n\t\u0001\u00e9\ud83d\ude00/")") == "\"a\\\"b\\\\c\\n\\t\\u0001\xC3\xA9\xF0\x9F\x98\x80/\"");
    Json j(std::string("bad\xFF\x01"));
    CHECK(to_json_text(j) == "\"bad\\ufffd\\u0001\"");
    CHECK(to_json_text(Json(std::string("line\r\n"))) == "\"line\\r\\n\"");
}

TEST_CASE("json: malformed input is refused with an offset") {
    for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "tru", "01", "1.", "-", "\"abc",
                            "\"\\x\"", "\"\\ud800\"", "\"\\udc00x\"", "{} {}", "\"\x01\"", "\"\xC0\xAF\"",
                            "nan", "[1 2]", "{1:2}"}) {
        CAPTURE(bad);
        CHECK(refused(bad));
    }
    auto e = std::get<JsonError>(parse_json("[1, x]"));
    CHECK(e.offset == 4);
}

TEST_CASE("json: nesting is bounded") {
    std::string deep(vigil::control::max_depth, '[');
    deep += std::string(vigil::control::max_depth, ']');
    CHECK_FALSE(refused(deep));
    CHECK(refused("[" + deep + "]"));
    CHECK(refused(std::string(100000, '[')));
}

TEST_CASE("json: lookups") {
    auto parsed = std::get<Json>(parse_json(R"({"method":"status","id":7,"params":{"follow":true}})"));
    REQUIRE(parsed.find("method") != nullptr);
    CHECK(*parsed.find("method")->string() == "status");
    CHECK(*parsed.find("id")->integer() == 7);
    CHECK(*parsed.find("params")->find("follow")->boolean());
    CHECK(parsed.find("absent") == nullptr);
    CHECK(Json(3).find("x") == nullptr);
    CHECK(Json(2.5).number() == 2.5);
    CHECK_FALSE(Json("x").number());
}
