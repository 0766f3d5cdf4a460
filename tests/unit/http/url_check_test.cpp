#include "http/url_check.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>

using namespace vigil;

namespace {

struct Read {
    http::ResponseReader reader;
    http::Md5Digest digest{};
};

std::unique_ptr<Read> read(const http::UrlCheck& url, std::string_view response) {
    auto out = std::make_unique<Read>(Read{http::ResponseReader(http::reader_options(url, nullptr))});
    while (!response.empty()) {
        auto area = out->reader.read_area();
        const std::size_t n = std::min(area.size(), response.size());
        std::memcpy(area.data(), response.data(), n);
        out->reader.received(n);
        response.remove_prefix(n);
    }
    out->digest = out->reader.finish(http::ResponseReader::DigestDump::none);
    return out;
}

http::UrlCheck url_of(config::HttpUrl url) {
    http::UrlCompiler compiler;
    std::vector<std::string> log;
    return compiler.compile(url, log);
}

} // namespace

TEST_CASE("keepalived's verdicts in its order") {
    config::HttpUrl config;
    config.path_ = "/";
    const auto url = url_of(config);

    auto r = read(url, "");
    CHECK(std::string(http::judge(url, r->reader, r->digest).text) == "Read, no data received from ");
    r = read(url, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
    CHECK(std::string(http::judge(url, r->reader, r->digest).text) == "HTTP status code error to");
    r = read(url, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    auto verdict = http::judge(url, r->reader, r->digest);
    CHECK(verdict.ok);
    CHECK(std::string(verdict.text) == "HTTP status code");
    CHECK_FALSE(verdict.length_difference);
}

TEST_CASE("digest: success and mismatch; a short body is reported as a length difference") {
    config::HttpUrl config;
    config.path_ = "/";
    config.digest_ = std::array<std::uint8_t, 16>{0x6f, 0x59, 0x02, 0xac, 0x23, 0x70, 0x24, 0xbd,
                                                  0xd0, 0xc1, 0x76, 0xcb, 0x93, 0x06, 0x3d, 0xc4};
    const auto url = url_of(config);
    auto r = read(url, "HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\nhello world\n");
    auto verdict = http::judge(url, r->reader, r->digest);
    CHECK(verdict.ok);
    CHECK(std::string(verdict.text) == "MD5 digest");
    r = read(url, "HTTP/1.0 200 OK\r\nContent-Length: 20\r\n\r\nhello world!");
    verdict = http::judge(url, r->reader, r->digest);
    CHECK_FALSE(verdict.ok);
    CHECK(std::string(verdict.text) == "MD5 digest error to");
    REQUIRE(verdict.length_difference);
    CHECK(*verdict.length_difference == 8);
}

TEST_CASE("regex and regex_no_match; an invalid regex always fails") {
    config::HttpUrl config;
    config.path_ = "/";
    config.regex_ = "w.rld";
    auto url = url_of(config);
    auto r = read(url, "HTTP/1.0 200 OK\r\n\r\nhello world\n");
    CHECK(std::string(http::judge(url, r->reader, r->digest).text) == "Regex match");
    config.regex_no_match_ = true;
    url = url_of(config);
    r = read(url, "HTTP/1.0 200 OK\r\n\r\nhello world\n");
    CHECK(std::string(http::judge(url, r->reader, r->digest).text) == "Regex match failed");
    config.regex_ = "(";
    config.regex_no_match_ = false;
    url = url_of(config);
    r = read(url, "HTTP/1.0 200 OK\r\n\r\nhello world\n");
    CHECK(std::string(http::judge(url, r->reader, r->digest).text) == "Regex match failed");
}
