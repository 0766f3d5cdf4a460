#include "http/response_reader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

using namespace vigil;
using http::ResponseReader;

namespace {

// Feeds `data` in reads of at most `chunk` bytes (and never more than read_area()).
void feed(ResponseReader& reader, std::string_view data, std::size_t chunk = 4095) {
    while (!data.empty()) {
        auto area = reader.read_area();
        if (area.empty()) {
            return;
        }
        const std::size_t n = std::min({chunk, area.size(), data.size()});
        std::memcpy(area.data(), data.data(), n);
        reader.received(n);
        data.remove_prefix(n);
    }
}

std::string slurp(const std::string& name) {
    std::ifstream in(std::string(VIGIL_TEST_DATA) + "/genhash/" + name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string md5_hex(std::string_view text) {
    http::Md5 md5;
    md5.update(text);
    return http::to_hex(md5.finish());
}

} // namespace

TEST_CASE("status line extraction as lib/html.c") {
    auto code = [](std::string_view text) { return http::extract_status_code(std::string(text).c_str(), text.size()); };
    CHECK(code("HTTP/1.1 200 OK\r\n") == 200);
    CHECK(code("HTTP/1.0 404 Not Found\r\n") == 404);
    CHECK(code("HTTP/1.1 200OK\r\n") == 0);
    CHECK(code("HTTP/1.1 2000 OK\r\n") == 0);
    CHECK(code("HTTP/1.1  200 OK\r\n") == 0);
    CHECK(code("HTTP/1.1\r\n200 OK\r\n") == 0);
    CHECK(code("HTTP/1.1 20") == 0);
    CHECK(code("ICY 200 OK\r\n") == 200);
    CHECK(code("HTTP/1.1 +20 x") == 20);  // strtoul's sign, as keepalived reads it
}

TEST_CASE("Content-Length as lib/html.c: exact case, then CR, LF or nothing") {
    CHECK(http::extract_content_length("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n") == 12);
    CHECK(http::extract_content_length("HTTP/1.1 200 OK\r\nContent-Length:12\r\n\r\n") == 12);
    CHECK(http::extract_content_length("HTTP/1.1 200 OK\r\ncontent-length: 12\r\n\r\n") == http::unknown_length);
    CHECK(http::extract_content_length("HTTP/1.1 200 OK\r\nContent-Length: 12 \r\n\r\n") == http::unknown_length);
    CHECK(http::extract_content_length("HTTP/1.1 200 OK\r\n\r\n") == http::unknown_length);
    CHECK(http::extract_content_length("Content-Length: 7") == 7);
}

TEST_CASE("one response, one read: status, length, digest of the body") {
    ResponseReader reader({.digest = true});
    feed(reader, "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello world\n");
    CHECK(reader.header_complete());
    CHECK(reader.status_code() == 200);
    CHECK(reader.content_length() == 12);
    CHECK(reader.body_bytes() == 12);
    CHECK(http::to_hex(reader.finish(ResponseReader::DigestDump::none)) == md5_hex("hello world\n"));
}

TEST_CASE("the digest stops at Content-Length; the body count does not") {
    for (std::size_t chunk : {1U, 3U, 7U, 4095U}) {
        ResponseReader reader({.digest = true});
        feed(reader, "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello world\n", chunk);
        CHECK(reader.body_bytes() == 12);
        CHECK(http::to_hex(reader.finish(ResponseReader::DigestDump::none)) == md5_hex("hello"));
    }
}

TEST_CASE("without Content-Length everything to the end of stream is the body; chunked keeps its framing") {
    const std::string body = "6\r\nhello \r\n0\r\n\r\n";
    ResponseReader reader({.digest = true});
    feed(reader, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body, 10);
    CHECK(reader.content_length() == http::unknown_length);
    CHECK(reader.body_bytes() == body.size());
    CHECK(http::to_hex(reader.finish(ResponseReader::DigestDump::none)) == md5_hex(body));
}

TEST_CASE("a big body in 4095-byte reads") {
    std::string body;
    for (int i = 0; body.size() < 100000; ++i) {
        body += std::to_string(i) + ",";
    }
    ResponseReader reader({.digest = true});
    feed(reader, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    CHECK(reader.body_bytes() == body.size());
    CHECK(http::to_hex(reader.finish(ResponseReader::DigestDump::none)) == md5_hex(body));
}

TEST_CASE("a header that does not fit in 4095 bytes leaves no room: no data") {
    ResponseReader reader({.digest = true});
    const std::string header = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(5000, 'x') + "\r\n\r\nbody";
    feed(reader, header);
    CHECK(reader.read_area().empty());
    CHECK_FALSE(reader.header_complete());
}

TEST_CASE("a header split over reads accumulates; the status line is read once complete") {
    ResponseReader reader({});
    feed(reader, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", 5);
    CHECK(reader.header_complete());
    CHECK(reader.status_code() == 503);
    CHECK(reader.body_bytes() == 0);
}

TEST_CASE("genhash -v dumps byte for byte as Debian's genhash") {
    for (const char* name : {"ok", "chunked"}) {
        CAPTURE(name);
        std::string verbose;
        ResponseReader reader({.digest = true, .verbose = &verbose});
        feed(reader, slurp(std::string(name) + ".response"));
        const auto digest = reader.finish(ResponseReader::DigestDump::verbose);
        verbose += http::to_hex(digest) + "\n";
        verbose += "\n";  // genhash's blank line before "Global response time"
        CHECK(verbose == slurp(std::string(name) + ".verbose"));
    }
}

TEST_CASE("genhash -v prints the header banner once per read until the header is complete") {
    std::string verbose;
    ResponseReader reader({.digest = true, .verbose = &verbose});
    feed(reader, "HTTP/1.1 204 No Content\r\n\r\n", 10);
    std::size_t banners = 0;
    for (auto at = verbose.find(http::dump_header_hex); at != std::string::npos;
         at = verbose.find(http::dump_header_hex, at + 1)) {
        ++banners;
    }
    CHECK(banners == 3);
    CHECK(verbose.find(http::dump_body_hex) == std::string::npos);
}
