#include "http/response_reader.hpp"
#include "http/url_check.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string_view>

using namespace vigil;

namespace {

std::unique_ptr<http::Regex> compile(std::string_view pattern, std::vector<std::string> options = {}) {
    std::string error;
    auto regex = http::Regex::compile(pattern, options, error);
    REQUIRE_MESSAGE(regex, error);
    return regex;
}

bool matched(const http::Regex& regex, std::string_view response, std::size_t chunk,
             std::size_t min_offset = 0, std::optional<std::size_t> max_offset = std::nullopt) {
    http::ResponseReader reader({.regex = {&regex, min_offset, max_offset, nullptr}});
    while (!response.empty()) {
        auto area = reader.read_area();
        REQUIRE_FALSE(area.empty());
        const std::size_t n = std::min({chunk, area.size(), response.size()});
        std::memcpy(area.data(), response.data(), n);
        reader.received(n);
        response.remove_prefix(n);
    }
    return reader.regex_matched();
}

} // namespace

TEST_CASE("a pattern that does not compile gives keepalived's message") {
    std::string error;
    CHECK_FALSE(http::Regex::compile("a(b", {}, error));
    CHECK(error.rfind("Invalid regex: 'a(b' at offset 3: ", 0) == 0);
}

TEST_CASE("options by keepalived's names") {
    CHECK(http::Regex::option_bits({"caseless"}) != 0);
    CHECK(http::Regex::option_bits({"nonsense"}) == 0);
    const auto regex = compile("HELLO", {"caseless"});
    CHECK(matched(*regex, "HTTP/1.0 200 OK\r\n\r\nsay hello", 4095));
}

TEST_CASE("a match split across reads is found (partial matching keeps the tail)") {
    const auto regex = compile("needle[0-9]+end");
    const std::string response = "HTTP/1.0 200 OK\r\n\r\n" + std::string(5000, 'x') + "needle12345end" + std::string(100, 'y');
    for (std::size_t chunk : {1U, 7U, 100U, 4095U}) {
        CAPTURE(chunk);
        CHECK(matched(*regex, response, chunk));
    }
    const auto missing = compile("needle[0-9]+END");
    CHECK_FALSE(matched(*missing, response, 100));
}

TEST_CASE("keepalived matches the header bytes that arrived with the body") {
    const auto regex = compile("Server: nginx");
    CHECK(matched(*regex, "HTTP/1.0 200 OK\r\nServer: nginx\r\n\r\nbody", 4095));
    // Header alone in the first read: the buffer is dropped unchecked.
    CHECK_FALSE(matched(*regex, "HTTP/1.0 200 OK\r\nServer: nginx\r\n\r\n", 4095));
}

TEST_CASE("regex_min_offset and regex_max_offset bound where a match may start") {
    const auto regex = compile("abc");
    const std::string response = "HTTP/1.0 200 OK\r\n\r\n0123456789abc";  // "abc" starts at 29
    CHECK(matched(*regex, response, 4095, 20));
    CHECK_FALSE(matched(*regex, response, 4095, 30));
    CHECK(matched(*regex, response, 4095, 0, 29));
    CHECK_FALSE(matched(*regex, response, 4095, 0, 28));
}

TEST_CASE("equal regexes are compiled once; the JIT stack takes the largest sizes") {
    http::UrlCompiler compiler;
    std::vector<std::string> log;
    config::HttpUrl a;
    a.path_ = "/a";
    a.regex_ = "x+";
    a.regex_stack_ = std::make_pair(1000UL, 4000UL);
    config::HttpUrl b = a;
    b.path_ = "/b";
    b.regex_stack_ = std::make_pair(2000UL, 3000UL);
    const auto ua = compiler.compile(a, log);
    const auto ub = compiler.compile(b, log);
    CHECK(ua.regex == ub.regex);
    CHECK(compiler.jit_stack() != nullptr);
    config::HttpUrl bad = a;
    bad.regex_ = "(";
    const auto ubad = compiler.compile(bad, log);
    CHECK(ubad.regex_invalid);
    REQUIRE(log.size() == 1);
}
