// One test per DropReason, each built from bytes, plus the verdict -> counter -> log line
// path (DropLog) and the rate limiter.
#include "pcap_reader.hpp"
#include "util/log.hpp"
#include "vrrp/checksum.hpp"
#include "vrrp/codec.hpp"
#include "vrrp/drop_log.hpp"
#include "vrrp/ipsec_ah.hpp"
#include "vrrp/validation.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace vigil::vrrp;
using namespace vigil::net;
using namespace std::chrono_literals;

namespace {

IpAddress ip(std::string_view text) {
    return *IpAddress::parse(text);
}

const std::vector<IpAddress> vips = {ip("192.0.2.100"), ip("192.0.2.101")};
const IpAddress self = ip("192.0.2.1");
const IpAddress peer = ip("192.0.2.2");

Advert base_advert(std::uint8_t version) {
    Advert advert;
    advert.version = version;
    advert.vrid = 51;
    advert.priority = 100;
    advert.interval = Centiseconds{100};
    advert.addresses = vips;
    return advert;
}

std::vector<std::byte> packet(const Advert& advert, IpAddress destination = vrrp_multicast_v4,
                              std::uint8_t ttl = 255) {
    std::vector<std::byte> out;
    encode_ipv4(advert, {self, destination, 1, ttl}, out);
    return out;
}

// Recomputes the VRRP checksum of an IPv4 packet (IHL 5, no AH) after a mutation.
void fix_checksum(std::vector<std::byte>& bytes) {
    const auto message = std::span(bytes).subspan(20);
    message[6] = message[7] = std::byte{0};
    const auto version = static_cast<std::uint8_t>(std::to_integer<unsigned>(message[0]) >> 4);
    const IpAddress destination =
        IpAddress::from_bytes(Family::ipv4, std::span(bytes).subspan(16, 4));
    const std::uint16_t sum = vrrp_checksum(message, version, self, destination);
    message[6] = std::byte{static_cast<std::uint8_t>(sum >> 8)};
    message[7] = std::byte{static_cast<std::uint8_t>(sum)};
}

ReceiveExpectations expect_v(std::uint8_t version) {
    ReceiveExpectations expect;
    expect.version = version;
    expect.addresses = vips;
    return expect;
}

struct Outcome {
    DropReason decoded;
    Verdict verdict;
    std::string message;
};

Outcome run(const std::vector<std::byte>& bytes, const ReceiveExpectations& expect) {
    Decoded d;
    Outcome outcome;
    outcome.decoded = decode_ipv4(bytes, d);
    if (outcome.decoded == DropReason::too_short || outcome.decoded == DropReason::bad_ip_header ||
        outcome.decoded == DropReason::ah_not_vrrp) {
        outcome.verdict.reason = outcome.decoded;
    } else {
        outcome.verdict = validate(d, expect);
    }
    outcome.message = drop_message("VI_1", outcome.verdict, d, expect);
    return outcome;
}

std::vector<std::byte> ah_capture() {
    return vigil::test::read_pcap(std::string(VIGIL_TEST_DATA) + "/v2_ipv4_ah.pcap")
        .front()
        .payload;
}

} // namespace

TEST_CASE("accepted: v2 and v3 adverts matching the configuration") {
    for (const std::uint8_t version : {2, 3}) {
        const auto outcome = run(packet(base_advert(version)), expect_v(version));
        CHECK(outcome.decoded == DropReason::none);
        CHECK(outcome.verdict.accepted());
        CHECK(outcome.message.empty());
        CHECK(outcome.verdict.owner_conflict == OwnerConflict::none);
    }
}

TEST_CASE("drop: too_short") {
    auto bytes = packet(base_advert(2));
    bytes.resize(24);
    const auto outcome = run(bytes, expect_v(2));
    CHECK(outcome.verdict.reason == DropReason::too_short);
    CHECK(outcome.message == "IPv4 VRRP packet too short - 24 bytes");
}

TEST_CASE("drop: bad_ip_header (IHL < 5, wrong protocol)") {
    auto bytes = packet(base_advert(2));
    bytes[0] = std::byte{0x44};
    CHECK(run(bytes, expect_v(2)).verdict.reason == DropReason::bad_ip_header);
    bytes = packet(base_advert(2));
    bytes[9] = std::byte{6};
    CHECK(run(bytes, expect_v(2)).verdict.reason == DropReason::bad_ip_header);
}

TEST_CASE("drop: ah_not_vrrp, ah_unexpected, ah_missing") {
    auto ah = ah_capture();
    auto expect = expect_v(2);
    expect.addresses = std::span(vips).first(1);
    expect.auth_type = AuthType::ah;
    expect.auth_data = {'a', 'h', 'k', 'e', 'y'};
    CHECK(run(ah, expect).verdict.accepted());
    auto other = ah;
    other[20] = std::byte{6}; // AH next header: TCP
    CHECK(run(other, expect).verdict.reason == DropReason::ah_not_vrrp);

    expect.auth_type = AuthType::none;
    const auto unexpected = run(ah, expect);
    CHECK(unexpected.verdict.reason == DropReason::ah_unexpected);
    CHECK(unexpected.message == "(VI_1) Received AH header but auth type not AH");

    expect.auth_type = AuthType::ah;
    auto plain = base_advert(2);
    plain.addresses.resize(1);
    const auto missing = run(packet(plain), expect);
    CHECK(missing.verdict.reason == DropReason::ah_missing);
    CHECK(missing.message == "(VI_1) No AH header but auth type is AH");
}

TEST_CASE("drop: multicast_on_unicast (IPv6)") {
    std::vector<std::byte> payload;
    auto advert = base_advert(3);
    advert.addresses = {ip("2001:db8::100")};
    const Ipv6Envelope envelope{ip("fe80::1"), vrrp_multicast_v6, 255};
    encode_ipv6(advert, envelope.source, envelope.destination, payload);
    Decoded d;
    REQUIRE(decode_ipv6(payload, envelope, d) == DropReason::none);
    auto expect = expect_v(3);
    expect.addresses = advert.addresses;
    const UnicastPeer peers[] = {{ip("fe80::2")}};
    expect.unicast_peers = peers;
    const auto verdict = validate(d, expect);
    CHECK(verdict.reason == DropReason::multicast_on_unicast);
    CHECK(drop_message("VI_1", verdict, d, expect) ==
          "(VI_1) discarding multicast packet on unicast instance");
}

TEST_CASE("drop: length (too long and too short)") {
    auto bytes = packet(base_advert(2));
    bytes[23] = std::byte{3}; // count 3, but only 2 addresses present
    bytes[2] = std::byte{0};
    bytes[3] = std::byte{44};
    const auto shorter = run(bytes, expect_v(2));
    CHECK(shorter.decoded == DropReason::length);
    CHECK(shorter.verdict.reason == DropReason::length);
    CHECK(shorter.message == "(VI_1) vrrp packet too short, length 44 and expect 48");

    bytes[23] = std::byte{1};
    const auto longer = run(bytes, expect_v(2));
    CHECK(longer.verdict.reason == DropReason::length);
    CHECK(longer.message == "(VI_1) vrrp packet too long, length 44 and expect 40");
}

TEST_CASE("drop: ttl (multicast only; unicast instances are exempt)") {
    const auto outcome = run(packet(base_advert(2), vrrp_multicast_v4, 64), expect_v(2));
    CHECK(outcome.decoded == DropReason::ttl);
    CHECK(outcome.verdict.reason == DropReason::ttl);
    CHECK(outcome.message == "(VI_1) invalid TTL/HL. Received 64 and expect 255");

    auto expect = expect_v(2);
    const UnicastPeer peers[] = {{self}};
    expect.unicast_peers = peers;
    CHECK(run(packet(base_advert(2), peer, 64), expect).verdict.accepted());
}

TEST_CASE("drop: version") {
    const auto outcome = run(packet(base_advert(3)), expect_v(2));
    CHECK(outcome.verdict.reason == DropReason::version);
    CHECK(outcome.message == "(VI_1) wrong version. Received 3 and expect 2");
    auto bytes = packet(base_advert(3));
    bytes[20] = std::byte{0x41};
    CHECK(run(bytes, expect_v(3)).decoded == DropReason::version);
}

TEST_CASE("drop: invalid_auth_type, auth_type_mismatch, auth_failure") {
    auto advert = base_advert(2);
    advert.auth_type = 7;
    auto outcome = run(packet(advert), expect_v(2));
    CHECK(outcome.verdict.reason == DropReason::invalid_auth_type);
    CHECK(outcome.message == "(VI_1) Invalid auth type: 7");

    advert.auth_type = 1;
    advert.auth_data = {'s', 'e', 'c', 'r', 'e', 't', 0, 0};
    outcome = run(packet(advert), expect_v(2));
    CHECK(outcome.verdict.reason == DropReason::auth_type_mismatch);
    CHECK(outcome.message == "(VI_1) received a 1 auth, expecting 0!");

    auto expect = expect_v(2);
    expect.auth_type = AuthType::pass;
    expect.auth_data = advert.auth_data;
    CHECK(run(packet(advert), expect).verdict.accepted());
    expect.auth_data[5] = 'T';
    outcome = run(packet(advert), expect);
    CHECK(outcome.verdict.reason == DropReason::auth_failure);
    CHECK(outcome.message == "(VI_1) received an invalid passwd!");
}

TEST_CASE("drop: interval_mismatch (v2 only; v3 adopts the master's interval)") {
    auto advert = base_advert(2);
    advert.interval = Centiseconds{200};
    const auto outcome = run(packet(advert), expect_v(2));
    CHECK(outcome.verdict.reason == DropReason::interval_mismatch);
    CHECK(outcome.message == "(VI_1) advertisement interval mismatch mine=1 sec rcv'd=2 sec");
    auto v3 = base_advert(3);
    v3.interval = Centiseconds{200};
    CHECK(run(packet(v3), expect_v(3)).verdict.accepted());
}

TEST_CASE("drop: invalid_type") {
    auto advert = base_advert(3);
    advert.type = 2;
    const auto outcome = run(packet(advert), expect_v(3));
    CHECK(outcome.decoded == DropReason::invalid_type);
    CHECK(outcome.verdict.reason == DropReason::invalid_type);
    CHECK(outcome.message == "(VI_1) Invalid packet type. 2 and expect 1");
}

TEST_CASE("drop: address_count, unless skip_check_adv_addr applies") {
    auto advert = base_advert(2);
    advert.addresses.push_back(ip("192.0.2.102"));
    const auto outcome = run(packet(advert), expect_v(2));
    CHECK(outcome.verdict.reason == DropReason::address_count);
    CHECK(outcome.message == "(VI_1) received an unexpected ip number count 3, expected 2!");
    auto expect = expect_v(2);
    expect.vip_check = VipCheck::skip;
    CHECK(run(packet(advert), expect).verdict.accepted());
}

TEST_CASE("drop: total_length (tot_len larger than what was received)") {
    auto bytes = packet(base_advert(2));
    bytes[3] = std::byte{80};
    const auto outcome = run(bytes, expect_v(2));
    CHECK(outcome.decoded == DropReason::total_length);
    CHECK(outcome.verdict.reason == DropReason::total_length);
    CHECK(outcome.message ==
          "(VI_1) ip_tot_len mismatch against received length. 80 and received 44");
}

TEST_CASE("drop: checksum (v2 and v3)") {
    for (const std::uint8_t version : {2, 3}) {
        auto bytes = packet(base_advert(version));
        bytes[22] = std::byte{101}; // priority changed, checksum not updated
        const auto outcome = run(bytes, expect_v(version));
        CHECK(outcome.decoded == DropReason::checksum);
        CHECK(outcome.verdict.reason == DropReason::checksum);
        CHECK(outcome.message == fmt::format("(VI_1) Invalid VRRPv{} checksum", version));
        fix_checksum(bytes);
        CHECK(run(bytes, expect_v(version)).verdict.accepted());
    }
}

TEST_CASE("old unicast VRRPv3 checksum: auto-detect, configured, never") {
    std::vector<std::byte> old_form;
    encode_ipv4(base_advert(3), {self, peer, 1, 255, ChecksumForm::old_unicast, vrrp_multicast_v4},
                old_form);
    const auto standard_form = packet(base_advert(3), peer);
    auto expect = expect_v(3);
    const UnicastPeer peers[] = {{self}};
    expect.unicast_peers = peers;

    auto outcome = run(old_form, expect);
    CHECK(outcome.verdict.accepted());
    CHECK(outcome.verdict.checksum_switch == ChecksumSwitch::to_old_unicast);
    CHECK(run(standard_form, expect).verdict.checksum_switch == ChecksumSwitch::none);

    expect.unicast_checksum = UnicastChecksum::old;
    CHECK(run(old_form, expect).verdict.accepted());
    CHECK(run(standard_form, expect).verdict.reason == DropReason::checksum);

    expect.unicast_checksum = UnicastChecksum::never;
    CHECK(run(old_form, expect).verdict.reason == DropReason::checksum);
    CHECK(run(standard_form, expect).verdict.accepted());
}

TEST_CASE("drop: cast_mismatch both ways") {
    auto outcome = run(packet(base_advert(2), peer), expect_v(2));
    CHECK(outcome.verdict.reason == DropReason::cast_mismatch);
    CHECK(outcome.message == "(VI_1) Expected multicast packet but received unicast packet");
    auto expect = expect_v(2);
    const UnicastPeer peers[] = {{self}};
    expect.unicast_peers = peers;
    outcome = run(packet(base_advert(2)), expect);
    CHECK(outcome.verdict.reason == DropReason::cast_mismatch);
    CHECK(outcome.message == "(VI_1) Expected unicast packet but received multicast packet");
}

TEST_CASE("drop: address_missing, unless skip_check_adv_addr applies") {
    auto advert = base_advert(2);
    advert.addresses[1] = ip("192.0.2.199");
    const auto outcome = run(packet(advert), expect_v(2));
    CHECK(outcome.verdict.reason == DropReason::address_missing);
    CHECK(outcome.message ==
          "(VI_1) ip address associated with VRID 51 not present in MASTER advert: 192.0.2.101");
    auto expect = expect_v(2);
    expect.vip_check = VipCheck::skip;
    CHECK(run(packet(advert), expect).verdict.accepted());
}

TEST_CASE("drop: unicast_source and peer_ttl with check_unicast_src") {
    auto expect = expect_v(2);
    const UnicastPeer peers[] = {{ip("192.0.2.3")}, {self, 250, 255}};
    expect.unicast_peers = std::span(peers).first(1);
    expect.check_unicast_src = UnicastSourceCheck::on;
    auto outcome = run(packet(base_advert(2), peer, 255), expect);
    CHECK(outcome.verdict.reason == DropReason::unicast_source);
    CHECK(outcome.message == "(VI_1) unicast source address 192.0.2.1 not a unicast peer");

    expect.unicast_peers = peers;
    CHECK(run(packet(base_advert(2), peer, 255), expect).verdict.accepted());
    outcome = run(packet(base_advert(2), peer, 64), expect);
    CHECK(outcome.verdict.reason == DropReason::peer_ttl);
    CHECK(outcome.message == "(VI_1) TTL/HL 64 not in range 250 - 255");

    expect.check_unicast_src = UnicastSourceCheck::off;
    CHECK(run(packet(base_advert(2), peer, 64), expect).verdict.accepted());
}

TEST_CASE("an address owner hearing an advert logs but does not drop (RFC 9568 erratum 8298)") {
    auto expect = expect_v(2);
    expect.priority = 255;
    const auto outcome = run(packet(base_advert(2)), expect);
    CHECK(outcome.verdict.accepted());
    CHECK(outcome.verdict.owner_conflict == OwnerConflict::heard_advert);
}

TEST_CASE("keepalived's check order: the first failing check is reported") {
    // Wrong TTL, wrong version and bad checksum at once: keepalived reports the TTL.
    auto bytes = packet(base_advert(3), vrrp_multicast_v4, 1);
    bytes[26] = std::byte{0xff};
    CHECK(run(bytes, expect_v(2)).verdict.reason == DropReason::ttl);
    // Count mismatch and bad checksum: the count is checked first.
    auto advert = base_advert(2);
    advert.addresses.resize(1);
    bytes = packet(advert);
    bytes[26] = std::byte{0xff};
    CHECK(run(bytes, expect_v(2)).verdict.reason == DropReason::address_count);
}

TEST_CASE("every DropReason has a distinct name") {
    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < drop_reason_count; ++i) {
        const auto name = drop_reason_name(static_cast<DropReason>(i));
        CHECK(name != "unknown");
        CHECK(std::find(names.begin(), names.end(), name) == names.end());
        names.push_back(name);
    }
    CHECK(drop_reason_name(static_cast<DropReason>(drop_reason_count)) == "unknown");
}

namespace {
std::vector<std::string> logged;
void capture_sink(vigil::log::Level, std::string_view line) {
    logged.emplace_back(line);
}
} // namespace

TEST_CASE("DropLog counts like keepalived and rate-limits the log per reason") {
    logged.clear();
    vigil::log::set_sink(&capture_sink);
    DropLog drop_log;
    Stats stats;
    const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
    auto expect = expect_v(2);
    expect.auth_type = AuthType::pass;
    expect.auth_data = {'a'};
    Decoded d;
    REQUIRE(decode_ipv4(packet(base_advert(2)), d) == DropReason::none);
    const auto verdict = validate(d, expect);
    REQUIRE(verdict.reason == DropReason::auth_type_mismatch);
    for (int i = 0; i < 25; ++i) {
        drop_log.record("VI_1", verdict, d, expect, stats, t0 + i * 10ms);
    }
    CHECK(stats.authtype_mismatch == 25);
    CHECK(stats.advert_rcvd == 0);
    CHECK(logged.size() == 10);
    CHECK(logged.front() == "(VI_1) received a 0 auth, expecting 1!");
    CHECK(drop_log.suppressed(DropReason::auth_type_mismatch) == 15);
    drop_log.record("VI_1", verdict, d, expect, stats, t0 + 2s);
    CHECK(logged.size() == 11);

    // Accepted priority-0 advert; address_missing still counts as received.
    auto zero = base_advert(2);
    zero.priority = 0;
    REQUIRE(decode_ipv4(packet(zero), d) == DropReason::none);
    const auto plain = expect_v(2);
    drop_log.record("VI_1", validate(d, plain), d, plain, stats, t0);
    CHECK(stats.advert_rcvd == 1);
    CHECK(stats.pri_zero_rcvd == 1);
    auto missing = base_advert(2);
    missing.addresses[0] = ip("192.0.2.7");
    REQUIRE(decode_ipv4(packet(missing), d) == DropReason::none);
    drop_log.record("VI_1", validate(d, plain), d, plain, stats, t0);
    CHECK(stats.advert_rcvd == 2);
    CHECK(stats.addr_list_err == 1);
    vigil::log::set_sink(nullptr);
}

TEST_CASE("DropLog logs the switch to the old unicast checksum") {
    logged.clear();
    vigil::log::set_sink(&capture_sink);
    std::vector<std::byte> bytes;
    encode_ipv4(base_advert(3), {self, peer, 1, 255, ChecksumForm::old_unicast}, bytes);
    Decoded d;
    REQUIRE(decode_ipv4(bytes, d) == DropReason::none);
    auto expect = expect_v(3);
    const UnicastPeer peers[] = {{self}};
    expect.unicast_peers = peers;
    DropLog drop_log;
    Stats stats;
    drop_log.record("VI_1", validate(d, expect), d, expect, stats, {});
    REQUIRE(logged.size() == 1);
    CHECK(logged[0] == "(VI_1) Setting unicast VRRPv3 checksum to old version");
    vigil::log::set_sink(nullptr);
}

TEST_CASE("RateLimiter is deterministic in injected time") {
    RateLimiter limiter(2, 1s);
    const auto t = RateLimiter::Clock::time_point{} + 5s;
    CHECK(limiter.allow(t));
    CHECK(limiter.allow(t));
    CHECK_FALSE(limiter.allow(t + 999ms));
    CHECK(limiter.allow(t + 1s));
    CHECK_FALSE(limiter.allow(t + 1s));
    CHECK(limiter.allow(t + 10s));
    CHECK(limiter.allow(t + 10s));
    CHECK_FALSE(limiter.allow(t + 10s));
    CHECK(limiter.suppressed() == 3);
}

TEST_CASE("auth_data_equal compares all 8 bytes") {
    const AuthData a{1, 2, 3, 4, 5, 6, 7, 8};
    AuthData b = a;
    CHECK(auth_data_equal(a, b));
    b[7] = 9;
    CHECK_FALSE(auth_data_equal(a, b));
}

TEST_CASE("drop: ah_icv, ah_spi, ah_replay (keepalived's IPsec AH checks)") {
    auto expect = expect_v(2);
    expect.addresses = std::span(vips).first(1);
    expect.auth_type = AuthType::ah;
    expect.auth_data = {'a', 'h', 'k', 'e', 'y'};
    const auto ah = ah_capture();
    auto outcome = run(ah, expect);
    CHECK(outcome.verdict.accepted());
    CHECK(outcome.verdict.ah_sequence == 1u);

    expect.auth_data[0] = 'A';
    outcome = run(ah, expect);
    CHECK(outcome.verdict.reason == DropReason::ah_icv);
    CHECK(outcome.message == "(VI_1) IPSEC-AH : invalid IPSEC HMAC-MD5 value. Due to fields "
                             "mutation or bad password !");
    expect.auth_data[0] = 'a';

    // SPI changed to 192.0.2.9, ICV recomputed: only the SPI check fails.
    auto spi = ah;
    spi[27] = std::byte{9};
    const auto icv = ah_icv(spi, expect.auth_data, AhTtl::keep);
    std::transform(icv.begin(), icv.end(), spi.begin() + 32,
                   [](std::uint8_t b) { return std::byte{b}; });
    outcome = run(spi, expect);
    CHECK(outcome.verdict.reason == DropReason::ah_spi);
    CHECK(outcome.message == "IPSEC AH : invalid IPSEC SPI value. 16908480 and expect 151126208");

    expect.ah_sequence = 1;
    outcome = run(ah, expect);
    CHECK(outcome.verdict.reason == DropReason::ah_replay);
    CHECK(outcome.message ==
          "(VI_1) IPSEC-AH : sequence number 1 already processed. Packet dropped. Local(1)");
}

TEST_CASE("AH encode: unicast zeroes the TTL in the ICV, receivers agree") {
    auto advert = base_advert(2);
    advert.auth_type = 2;
    Ipv4Envelope envelope{self, peer, 9, 64};
    envelope.ah_key = {'k'};
    envelope.ah_sequence = 42;
    std::vector<std::byte> bytes;
    CHECK(encode_ipv4(advert, envelope, bytes) == 44);
    auto expect = expect_v(2);
    expect.auth_type = AuthType::ah;
    expect.auth_data = envelope.ah_key;
    const UnicastPeer peers[] = {{self}};
    expect.unicast_peers = peers;
    const auto outcome = run(bytes, expect);
    CHECK(outcome.verdict.accepted());
    CHECK(outcome.verdict.ah_sequence == 42u);
}

TEST_CASE("drop_counter: the keepalived stats field each reason increments") {
    Stats s;
    const std::pair<DropReason, std::uint64_t*> table[] = {
        {DropReason::none, nullptr},
        {DropReason::too_short, nullptr},
        {DropReason::bad_ip_header, nullptr},
        {DropReason::ah_not_vrrp, nullptr},
        {DropReason::multicast_on_unicast, nullptr},
        {DropReason::ah_unexpected, &s.authtype_mismatch},
        {DropReason::ah_missing, &s.authtype_mismatch},
        {DropReason::length, &s.packet_len_err},
        {DropReason::ttl, &s.ip_ttl_err},
        {DropReason::version, nullptr},
        {DropReason::invalid_auth_type, &s.invalid_authtype},
        {DropReason::auth_type_mismatch, &s.authtype_mismatch},
        {DropReason::auth_failure, &s.auth_failure},
        {DropReason::ah_icv, &s.auth_failure},
        {DropReason::ah_spi, &s.auth_failure},
        {DropReason::ah_replay, &s.auth_failure},
        {DropReason::interval_mismatch, nullptr},
        {DropReason::invalid_type, &s.invalid_type_rcvd},
        {DropReason::address_count, &s.addr_list_err},
        {DropReason::total_length, &s.packet_len_err},
        {DropReason::checksum, nullptr},
        {DropReason::cast_mismatch, &s.addr_list_err},
        {DropReason::address_missing, &s.addr_list_err},
        {DropReason::unicast_source, nullptr},
        {DropReason::peer_ttl, &s.ip_ttl_err},
    };
    REQUIRE(std::size(table) == drop_reason_count);
    for (const auto& [reason, counter] : table) {
        CAPTURE(drop_reason_name(reason));
        CHECK(drop_counter(s, reason) == counter);
    }
}

TEST_CASE("IPv6: non-standard VRRPv2 has no auth data; unknown hop limit skips the TTL check") {
    auto advert = base_advert(2);
    advert.addresses = {ip("2001:db8::100")};
    const Ipv6Envelope envelope{ip("fe80::1"), vrrp_multicast_v6, std::nullopt};
    std::vector<std::byte> payload;
    encode_ipv6(advert, envelope.source, envelope.destination, payload);
    CHECK(payload.size() == 8 + 16);
    Decoded d;
    REQUIRE(decode_ipv6(payload, envelope, d) == DropReason::none);
    CHECK(d.advert.version == 2);
    CHECK(d.advert.interval == Centiseconds{100});
    auto expect = expect_v(2);
    expect.addresses = advert.addresses;
    CHECK(validate(d, expect).accepted());

    payload[7] = std::byte{static_cast<std::uint8_t>(std::to_integer<unsigned>(payload[7]) ^ 1)};
    CHECK(decode_ipv6(payload, envelope, d) == DropReason::checksum);
    payload.resize(7);
    CHECK(decode_ipv6(payload, envelope, d) == DropReason::too_short);
}
