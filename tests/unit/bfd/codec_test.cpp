#include "bfd/codec.hpp"
#include "bfd/event_record.hpp"
#include "bfd/timers.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace vigil::bfd;
using namespace std::chrono_literals;

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

// FRR 8.4 bfdd's first packet to a new peer: Down, mult 3, Desired Min TX 1 s (slow timer),
// Required Min RX 300 ms, Echo 50 ms.
constexpr std::string_view frr_down = "20 40 03 18  11 22 33 44  00 00 00 00"
                                      "000f4240  000493e0  0000c350";

DropReason reason_of(std::vector<std::byte> bytes) {
    return decode(bytes).reason;
}

struct Patch {
    std::size_t offset;
    std::uint8_t value;
};

std::vector<std::byte> patched(std::string_view text, std::initializer_list<Patch> patches) {
    auto bytes = hex(text);
    for (const auto& patch : patches) {
        bytes[patch.offset] = std::byte{patch.value};
    }
    return bytes;
}

} // namespace

TEST_CASE("decode reads every field of RFC 5880 section 4.1") {
    const auto d = decode(hex(frr_down));
    REQUIRE(d.reason == DropReason::none);
    const auto& p = d.packet;
    CHECK(p.version == 1);
    CHECK(p.diagnostic == Diagnostic::none);
    CHECK(p.state == SessionState::down);
    CHECK_FALSE(p.poll);
    CHECK_FALSE(p.final);
    CHECK(p.detect_mult == 3);
    CHECK(p.length == 24);
    CHECK(p.my_discriminator == 0x11223344U);
    CHECK(p.your_discriminator == 0);
    CHECK(p.desired_min_tx == 1s);
    CHECK(p.required_min_rx == 300ms);
    CHECK(p.required_min_echo_rx == 50ms);
}

TEST_CASE("decode: flags and diagnostic bits") {
    // Up with P, C, D; diag 3 (Neighbor Signaled Session Down).
    const auto d = decode(hex("23 ea 05 18 00000001 00000002 00002710 00002710 00000000"));
    REQUIRE(d.reason == DropReason::none);
    CHECK(d.packet.diagnostic == Diagnostic::neighbor_down);
    CHECK(d.packet.state == SessionState::up);
    CHECK(d.packet.poll);
    CHECK_FALSE(d.packet.final);
    CHECK(d.packet.control_plane_independent);
    CHECK_FALSE(d.packet.authentication);
    CHECK(d.packet.demand);
    CHECK_FALSE(d.packet.multipoint);
}

TEST_CASE("encode writes the 24-byte mandatory section byte for byte") {
    ControlPacket p;
    p.diagnostic = Diagnostic::control_expired;
    p.state = SessionState::init;
    p.final = true;
    p.detect_mult = 5;
    p.my_discriminator = 0xdeadbeef;
    p.your_discriminator = 0x01020304;
    p.desired_min_tx = 10ms;
    p.required_min_rx = 10ms;
    std::vector<std::byte> out;
    encode(p, out);
    CHECK(out == hex("21 90 05 18 deadbeef 01020304 00002710 00002710 00000000"));
    // Round trip.
    const auto d = decode(out);
    REQUIRE(d.reason == DropReason::none);
    CHECK(d.packet == p);
}

TEST_CASE("encode never sets A and clamps intervals to 32 bits") {
    ControlPacket p;
    p.authentication = true;
    p.detect_mult = 1;
    p.my_discriminator = 1;
    p.desired_min_tx = Duration{std::int64_t{1} << 40};
    std::vector<std::byte> out;
    encode(p, out);
    CHECK(out == hex("20 40 01 18 00000001 00000000 ffffffff 00000000 00000000"));
}

TEST_CASE("decode: the stateless checks of RFC 5880 section 6.8.6, one reason each") {
    CHECK(reason_of(hex("20 40 03 18 11223344 00000000 000f4240 000493e0 0000c3")) ==
          DropReason::too_short);
    CHECK(reason_of(patched(frr_down, {{0, 0x40}})) == DropReason::version); // version 2
    CHECK(reason_of(patched(frr_down, {{3, 23}})) == DropReason::length);
    CHECK(reason_of(patched(frr_down, {{3, 25}})) == DropReason::length);   // beyond the payload
    CHECK(reason_of(patched(frr_down, {{1, 0x44}})) == DropReason::length); // A: 26 at least
    CHECK(reason_of(patched(frr_down, {{2, 0}})) == DropReason::zero_multiplier);
    CHECK(reason_of(patched(frr_down, {{1, 0x41}})) == DropReason::multipoint);
    CHECK(reason_of(patched(frr_down, {{4, 0}, {5, 0}, {6, 0}, {7, 0}})) ==
          DropReason::zero_my_discriminator);
    // Your Discriminator 0 is only valid with Down or AdminDown.
    CHECK(reason_of(patched(frr_down, {{1, 0x80}})) == DropReason::zero_your_discriminator);
    CHECK(reason_of(patched(frr_down, {{1, 0xc0}})) == DropReason::zero_your_discriminator);
    CHECK(reason_of(patched(frr_down, {{1, 0x00}})) == DropReason::none); // AdminDown
    CHECK(reason_of(patched(frr_down, {{1, 0x70}})) == DropReason::poll_and_final);
    CHECK(reason_of(patched(frr_down, {{0, 0x29}})) == DropReason::diagnostic); // diag 9
    CHECK(reason_of(patched(frr_down, {{0, 0x28}})) == DropReason::none);       // diag 8
}

TEST_CASE("decode: the first failing check is the one reported (RFC order)") {
    // Version 0 and Detect Mult 0: the version is checked first.
    CHECK(reason_of(patched(frr_down, {{0, 0x00}, {2, 0}})) == DropReason::version);
    // Length 20 and M bit: the length first.
    CHECK(reason_of(patched(frr_down, {{3, 20}, {1, 0x41}})) == DropReason::length);
}

TEST_CASE("decode: bytes after Length are ignored, a longer Length with A is accepted") {
    auto bytes = hex(frr_down);
    bytes.push_back(std::byte{0xff});
    bytes.push_back(std::byte{0xff});
    CHECK(decode(bytes).reason == DropReason::none);
    bytes[1] = std::byte{0x44}; // A
    bytes[3] = std::byte{26};
    const auto d = decode(bytes);
    CHECK(d.reason == DropReason::none);
    CHECK(d.packet.authentication);
}

TEST_CASE("drop reasons have stable names") {
    CHECK(drop_reason_name(DropReason::none) == "none");
    CHECK(drop_reason_name(DropReason::ttl) == "ttl");
    CHECK(drop_reason_name(DropReason::admin_down) == "admin_down");
    for (std::size_t i = 0; i < drop_reason_count; ++i) {
        CHECK(drop_reason_name(static_cast<DropReason>(i)) != "unknown");
    }
}

TEST_CASE("event records: fixed size, round trip, invalid ones refused") {
    static_assert(event_record_size <= 512); // PIPE_BUF is at least 512 (POSIX)
    const EventRecord up{"B1", SessionState::up, 1234567890123};
    const auto bytes = encode_event(up);
    CHECK(std::to_integer<char>(bytes[0]) == 'B');
    CHECK(std::to_integer<int>(bytes[2]) == 0);
    CHECK(std::to_integer<int>(bytes[32]) == 3);
    CHECK(decode_event(bytes) == up);

    const EventRecord longest{std::string(31, 'x'), SessionState::down, 0};
    CHECK(decode_event(encode_event(longest)) == longest);
    // Truncated to 31 characters.
    CHECK(decode_event(encode_event({std::string(40, 'y'), SessionState::down, 0}))->name ==
          std::string(31, 'y'));

    auto bad = encode_event(up);
    bad[32] = std::byte{2}; // Init is never reported
    CHECK_FALSE(decode_event(bad));
    auto unterminated = encode_event(up);
    for (std::size_t i = 0; i < 32; ++i) {
        unterminated[i] = std::byte{'z'};
    }
    CHECK_FALSE(decode_event(unterminated));
}

TEST_CASE("timer formulas (RFC 5880 sections 6.8.4 and 6.8.7)") {
    CHECK(transmit_interval(10ms, 300ms) == 300ms);
    CHECK(transmit_interval(1s, 300ms) == 1s);
    // FRR: mult 3 and 300 ms against our 10 ms: 900 ms (keepalived logs 900000 us).
    CHECK(detection_time(3, 10ms, 300ms) == 900ms);
    // While FRR is not Up it advertises 1 s: 3 s.
    CHECK(detection_time(3, 10ms, 1s) == 3s);
    CHECK(detection_time(5, 50ms, 10ms) == 250ms);
}

TEST_CASE("jitter: 0-25% off the interval, 10-25% when DetectMult is 1") {
    CHECK(jittered_interval(1s, 3, 0) == 1s);
    CHECK(jittered_interval(1s, 3, 0xffffffff) == 750ms);
    CHECK(jittered_interval(1s, 3, 0x80000000) == Duration{875000});
    CHECK(jittered_interval(1s, 1, 0) == 900ms);
    CHECK(jittered_interval(1s, 1, 0xffffffff) == 750ms);
    // Never outside the bounds, whatever the random value.
    for (std::uint32_t r : {0U, 1U, 12345U, 0x7fffffffU, 0xfffffffeU, 0xffffffffU}) {
        const auto any = jittered_interval(300ms, 5, r);
        CHECK(any <= 300ms);
        CHECK(any >= 225ms);
        const auto one = jittered_interval(300ms, 1, r);
        CHECK(one <= 270ms);
        CHECK(one >= 225ms);
    }
    CHECK(jittered_interval(Duration{0}, 3, 0xffffffff) == Duration{0});
}
