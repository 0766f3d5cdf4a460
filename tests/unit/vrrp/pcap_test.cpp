// Adverts captured from real keepalived 2.2.7 (tests/data, see its README): decode, check
// the configured fields, validate against the configuration, and re-encode byte for byte.
#include "pcap_reader.hpp"
#include "vrrp/codec.hpp"
#include "vrrp/validation.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace vigil::vrrp;
using namespace vigil::net;
using vigil::test::read_pcap;

namespace {

IpAddress ip(std::string_view text) {
    return *IpAddress::parse(text);
}

std::string data_file(std::string_view name) {
    return std::string(VIGIL_TEST_DATA) + "/" + std::string(name);
}

// Splits a captured IPv6 packet into the envelope the kernel would give us and the payload.
std::vector<std::byte> ipv6_payload(const std::vector<std::byte>& packet, Ipv6Envelope& env) {
    REQUIRE(packet.size() >= 40);
    std::array<std::uint8_t, 16> src{}, dst{};
    for (std::size_t i = 0; i < 16; ++i) {
        src[i] = std::to_integer<std::uint8_t>(packet[8 + i]);
        dst[i] = std::to_integer<std::uint8_t>(packet[24 + i]);
    }
    env.source = IpAddress::v6(src);
    env.destination = IpAddress::v6(dst);
    env.hop_limit = std::to_integer<std::uint8_t>(packet[7]);
    const std::size_t length =
        std::to_integer<std::size_t>(packet[4]) << 8 | std::to_integer<std::size_t>(packet[5]);
    return {packet.begin() + 40, packet.begin() + 40 + static_cast<std::ptrdiff_t>(length)};
}

struct Ipv4Case {
    const char* file;
    std::size_t packets;
    std::uint8_t version;
    std::uint8_t vrid;
    std::uint8_t priority;
    Centiseconds interval;
    std::vector<IpAddress> addresses;
    AuthType auth;
    const char* password;
    IpAddress destination;
    std::uint8_t ttl;
    ChecksumForm form;
};

void check_ipv4_case(const Ipv4Case& c) {
    CAPTURE(c.file);
    const auto frames = read_pcap(data_file(c.file));
    REQUIRE(frames.size() == c.packets);
    AuthData password{};
    for (std::size_t i = 0; c.password[i] != '\0' && i < password.size(); ++i) {
        password[i] = static_cast<std::uint8_t>(c.password[i]);
    }
    std::vector<UnicastPeer> peers;
    if (!c.destination.is_multicast()) {
        peers.push_back({c.destination});
    }
    for (std::size_t n = 0; n < frames.size(); ++n) {
        CAPTURE(n);
        const auto& frame = frames[n];
        REQUIRE(frame.ethertype == 0x0800);
        Decoded d;
        REQUIRE(decode_ipv4(frame.payload, d) == DropReason::none);
        const Advert& a = d.advert;
        CHECK(a.version == c.version);
        CHECK(a.type == 1);
        CHECK(a.vrid == c.vrid);
        // The last advert of the shutdown capture is the priority-0 release.
        const bool release = std::string_view(c.file) == "v2_ipv4_priority0.pcap" && n == 1;
        CHECK(a.priority == (release ? 0 : c.priority));
        CHECK(a.interval == c.interval);
        CHECK(a.addresses == c.addresses);
        CHECK(a.address_count == c.addresses.size());
        CHECK(a.auth_type == static_cast<std::uint8_t>(c.auth));
        if (c.auth == AuthType::pass) {
            CHECK(a.auth_data == password);
        }
        CHECK(d.meta.source == ip("192.0.2.1"));
        CHECK(d.meta.destination == c.destination);
        CHECK(d.meta.ttl == c.ttl);
        CHECK(d.meta.checksum_form == c.form);
        CHECK(d.meta.ah.has_value() == (c.auth == AuthType::ah));

        ReceiveExpectations expect;
        expect.version = c.version;
        expect.auth_type = c.auth;
        expect.auth_data = password;
        expect.interval = c.interval;
        expect.addresses = c.addresses;
        expect.unicast_peers = peers;
        const Verdict verdict = validate(d, expect);
        CHECK(drop_reason_name(verdict.reason) == "none");
        CHECK(verdict.checksum_switch == (c.form == ChecksumForm::old_unicast
                                              ? ChecksumSwitch::to_old_unicast
                                              : ChecksumSwitch::none));

        if (c.auth == AuthType::ah) {
            REQUIRE(d.meta.ah);
            CHECK(d.meta.ah->next_header == 112);
            CHECK(d.meta.ah->payload_length == 4);
            CHECK(d.meta.ah->spi == 0xc0000201);
            CHECK(d.meta.ah->sequence == n + 1);
            CHECK(verdict.ah_sequence == n + 1);
        }
        Ipv4Envelope envelope{d.meta.source, d.meta.destination, d.meta.ip_id, c.ttl, c.form};
        if (d.meta.ah) {
            envelope.ah_key = password;
            envelope.ah_sequence = d.meta.ah->sequence;
        }
        std::vector<std::byte> encoded;
        encode_ipv4(a, envelope, encoded);
        const std::vector<std::byte> original(frame.payload.begin(),
                                              frame.payload.begin() + d.meta.ip_total_length);
        CHECK(encoded == original);
    }
}

} // namespace

TEST_CASE("keepalived 2.2.7 captures: IPv4 decode, validate, re-encode byte for byte") {
    const auto group = vrrp_multicast_v4;
    const auto peer = ip("192.0.2.2");
    const std::vector<IpAddress> one = {ip("192.0.2.100")};
    const std::vector<IpAddress> two = {ip("192.0.2.100"), ip("192.0.2.101")};
    const std::vector<IpAddress> three = {ip("192.0.2.100"), ip("192.0.2.101"), ip("192.0.2.102")};
    const Centiseconds one_second{100};
    const auto standard = ChecksumForm::standard;
    const std::vector<Ipv4Case> cases = {
        {"v2_ipv4.pcap", 3, 2, 51, 255, one_second, one, AuthType::none, "", group, 255, standard},
        {"v2_ipv4_pass.pcap", 3, 2, 52, 255, one_second, two, AuthType::pass, "secret12", group,
         255, standard},
        {"v2_ipv4_ah.pcap", 3, 2, 53, 255, one_second, one, AuthType::ah, "ahkey", group, 255,
         standard},
        {"v3_ipv4_1s.pcap", 3, 3, 54, 255, one_second, three, AuthType::none, "", group, 255,
         standard},
        {"v3_ipv4_50ms.pcap", 5, 3, 55, 255, Centiseconds{5}, one, AuthType::none, "", group, 255,
         standard},
        {"v3_ipv4_unicast.pcap", 3, 3, 57, 255, one_second, one, AuthType::none, "", peer, 255,
         standard},
        {"v3_ipv4_unicast_old_checksum.pcap", 3, 3, 58, 255, one_second, one, AuthType::none, "",
         peer, 255, ChecksumForm::old_unicast},
        {"v2_ipv4_unicast.pcap", 3, 2, 59, 150, one_second, one, AuthType::none, "", peer, 64,
         standard},
        {"v2_ipv4_priority0.pcap", 2, 2, 60, 255, one_second, one, AuthType::none, "", group, 255,
         standard},
    };
    for (const auto& c : cases) {
        check_ipv4_case(c);
    }
}

TEST_CASE("keepalived 2.2.7 capture: VRRPv3 over IPv6") {
    const auto frames = read_pcap(data_file("v3_ipv6.pcap"));
    REQUIRE(frames.size() == 3);
    const std::vector<IpAddress> vips = {ip("fe80::56"), ip("2001:db8::100")};
    for (const auto& frame : frames) {
        REQUIRE(frame.ethertype == 0x86dd);
        Ipv6Envelope envelope;
        const auto payload = ipv6_payload(frame.payload, envelope);
        Decoded d;
        REQUIRE(decode_ipv6(payload, envelope, d) == DropReason::none);
        CHECK(d.advert.version == 3);
        CHECK(d.advert.vrid == 56);
        CHECK(d.advert.priority == 255);
        CHECK(d.advert.interval == Centiseconds{100});
        CHECK(d.advert.addresses == vips);
        CHECK(d.meta.source == ip("fe80::ff:fe00:1"));
        CHECK(d.meta.destination == vrrp_multicast_v6);
        CHECK(d.meta.ttl == 255);
        CHECK(d.meta.cast == Cast::multicast);

        ReceiveExpectations expect;
        expect.version = 3;
        expect.addresses = vips;
        CHECK(validate(d, expect).accepted());

        std::vector<std::byte> encoded;
        encode_ipv6(d.advert, envelope.source, envelope.destination, encoded);
        CHECK(encoded == payload);
    }
}

TEST_CASE("Ethernet minimum-frame padding after tot_len is ignored") {
    auto frame = read_pcap(data_file("v2_ipv4.pcap")).front();
    REQUIRE(frame.payload.size() == 40);
    frame.payload.resize(46); // 60-byte Ethernet minimum frame minus 14 header bytes
    Decoded d;
    CHECK(decode_ipv4(frame.payload, d) == DropReason::none);
    CHECK(d.meta.received_length == 40);
}
