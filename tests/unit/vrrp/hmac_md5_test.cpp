#include "vrrp/hmac_md5.hpp"

#include <doctest/doctest.h>
#include <string>
#include <string_view>

using namespace vigil::vrrp;

namespace {

std::string hex(const Md5Digest& digest) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const auto b : digest) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string md5(std::string_view text) {
    Md5 md5;
    md5.update(std::as_bytes(std::span(text.data(), text.size())));
    return hex(md5.finish());
}

} // namespace

TEST_CASE("MD5 test suite of RFC 1321 appendix A.5") {
    CHECK(md5("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(md5("a") == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(md5("abc") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(md5("message digest") == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(md5("abcdefghijklmnopqrstuvwxyz") == "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(md5("12345678901234567890123456789012345678901234567890123456789012345678901234567890") ==
          "57edf4a22be3c955ac49da2e2107b67a");
}

TEST_CASE("HMAC-MD5 test cases of RFC 2104 / RFC 2202") {
    const std::string_view data = "Hi There";
    const std::array<std::uint8_t, 16> key1{0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                                            0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};
    const std::span<const std::byte> parts1[] = {
        std::as_bytes(std::span(data.data(), data.size()))};
    CHECK(hex(hmac_md5(key1, parts1)) == "9294727a3638bb1c13f48ef8158bfc9d");

    const std::string_view key2 = "Jefe";
    const std::string_view what = "what do ya want ";
    const std::string_view nothing = "for nothing?";
    const std::span<const std::byte> parts2[] = {
        std::as_bytes(std::span(what.data(), what.size())),
        std::as_bytes(std::span(nothing.data(), nothing.size()))};
    const auto key2_bytes =
        std::span(reinterpret_cast<const std::uint8_t*>(key2.data()), key2.size());
    CHECK(hex(hmac_md5(key2_bytes, parts2)) == "750c783e6ab0b503eaa86e310a5db738");
}
