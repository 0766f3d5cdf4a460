#include "http/hex_dump.hpp"
#include "http/md5.hpp"

#include <doctest/doctest.h>

#include <string_view>

using namespace vigil;

TEST_CASE("the dump layout genhash -v prints (taken from Debian's genhash)") {
    std::string out;
    const std::string_view body = "hello world\n";
    http::append_hex_dump(out, body);
    CHECK(out == "0000  68 65 6c 6c 6f 20 77 6f - 72 6c 64 0a               hello world.    \n");
}

TEST_CASE("full lines, a second line, nothing for nothing") {
    std::string out;
    http::append_hex_dump(out, std::string_view("HTTP/1.1 200 OK\r\n\r\n"));
    CHECK(out ==
          "0000  48 54 54 50 2f 31 2e 31 - 20 32 30 30 20 4f 4b 0d   HTTP/1.1 200 OK.\n"
          "0016  0a 0d 0a                -                           ...             \n");
    std::string none;
    http::append_hex_dump(none, std::string_view());
    CHECK(none.empty());
}

TEST_CASE("MD5 through OpenSSL (RFC 1321 §A.5 test suite)") {
    auto digest_of = [](std::string_view text) {
        http::Md5 md5;
        md5.update(text);
        return http::to_hex(md5.finish());
    };
    CHECK(digest_of("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(digest_of("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(digest_of("hello world\n") == "6f5902ac237024bdd0c176cb93063dc4");
}
