#include "vrrp/checksum.hpp"
#include "vrrp/codec.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace vigil::vrrp;
using namespace vigil::net;

namespace {

std::vector<std::byte> hex(std::string_view text) {
    std::vector<std::byte> out;
    std::string digits;
    for (const char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c))) {
            digits += c;
        }
    }
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
        out.push_back(
            std::byte{static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16))});
    }
    return out;
}

IpAddress ip(std::string_view text) {
    return *IpAddress::parse(text);
}

} // namespace

TEST_CASE("IpAddress parses, orders and prints like inet_ntop") {
    CHECK(ip("192.0.2.1").to_string() == "192.0.2.1");
    CHECK(ip("2001:db8::100").to_string() == "2001:db8::100");
    CHECK(ip("192.0.2.1") < ip("192.0.2.2"));
    CHECK(ip("192.0.2.255") < ip("2001:db8::1"));
    CHECK(ip("224.0.0.18").is_multicast());
    CHECK(ip("fe80::1").is_link_local());
    CHECK(ip("224.0.0.18") == vrrp_multicast_v4);
    CHECK(ip("ff02::12") == vrrp_multicast_v6);
    CHECK(fmt::format("{}", ip("2001:db8::1")) == "2001:db8::1");
    CHECK_FALSE(IpAddress::parse("300.1.1.1"));
}

TEST_CASE("VRRPv2 IPv4 encode then decode round trip") {
    Advert advert;
    advert.version = 2;
    advert.vrid = 51;
    advert.priority = 100;
    advert.interval = Centiseconds{100};
    advert.addresses = {ip("192.0.2.100")};
    Ipv4Envelope envelope{ip("192.0.2.1"), vrrp_multicast_v4, 1};
    std::vector<std::byte> packet;
    CHECK(encode_ipv4(advert, envelope, packet) == 20);
    CHECK(packet.size() == 40);
    Decoded decoded;
    REQUIRE(decode_ipv4(packet, decoded) == DropReason::none);
    CHECK(decoded.advert.vrid == 51);
    CHECK(decoded.advert.address_count == 1);
    CHECK(decoded.advert.addresses == advert.addresses);
    CHECK(decoded.meta.ttl == 255);
    CHECK(decoded.meta.cast == Cast::multicast);
    CHECK(internet_checksum(std::span(packet).first(20)) == 0);
}

TEST_CASE("VRRPv2 message bytes and checksum match RFC 3768 section 5.1 layout") {
    // 192.168.0.1 is only a payload value here; checksum 0xba52 computed by hand.
    const auto expected = hex("45c0 0028 0007 0000 ff70 0000 c0000201 e0000012"
                              "2101 6401 0001 ba52 c0a80001 0000000000000000");
    Advert advert;
    advert.version = 2;
    advert.vrid = 1;
    advert.priority = 100;
    advert.addresses = {ip("192.168.0.1")};
    std::vector<std::byte> packet;
    encode_ipv4(advert, {ip("192.0.2.1"), vrrp_multicast_v4, 7}, packet);
    REQUIRE(packet.size() == expected.size());
    CHECK(std::equal(packet.begin() + 20, packet.end(), expected.begin() + 20));
    CHECK(std::equal(packet.begin(), packet.begin() + 10, expected.begin()));
}
