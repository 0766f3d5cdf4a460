// Byte-exact AgentX encodings (RFC 2741 sections 5 and 6), written out by hand from the RFC's
// layouts, and the decoder's bounds checks.
#include "bytes.hpp"
#include "snmp/agentx_pdu.hpp"

#include <doctest/doctest.h>

using namespace vigil::snmp;
using namespace vigil::snmp::agentx;
using vigil::snmp::test::hex;

namespace {

std::vector<std::byte> encoded(const Pdu& pdu) {
    std::vector<std::byte> out;
    encode(pdu, out);
    return out;
}

Pdu make(PduType type, std::uint32_t session, std::uint32_t id, Body body) {
    Pdu p;
    p.header.type = type;
    p.header.session_id = session;
    p.header.transaction_id = id;
    p.header.packet_id = id;
    p.body = std::move(body);
    return p;
}

Pdu decoded(const std::vector<std::byte>& bytes) {
    Decoded d = decode(bytes);
    REQUIRE(d.error == DecodeError::none);
    REQUIRE(d.pdu.has_value());
    return *d.pdu;
}

} // namespace

TEST_CASE("Open-PDU (6.2.1): timeout, null o.id, padded o.descr") {
    const auto bytes = hex("01 01 10 00 | 00000000 | 00000001 | 00000001 | 00000014"
                           "00 000000 | 00 00 00 00 | 00000005 76 69 67 69 6c 000000");
    const Pdu pdu = make(PduType::open, 0, 1, OpenPdu{0, Oid{}, "vigil"});
    CHECK(encoded(pdu) == bytes);
    CHECK(decoded(bytes) == pdu);
}

TEST_CASE("Register-PDU (6.2.3): the internet prefix compresses 1.3.6.1.4") {
    // 1.3.6.1.4.1.9586.100.5.2 -> prefix 4, sub-identifiers 1.9586.100.5.2
    const auto bytes = hex("01 03 10 00 | 00000007 | 00000002 | 00000002 | 0000001c"
                           "00 7f 00 00 | 05 04 00 00 | 00000001 00002572 00000064 00000005 00000002");
    const Pdu pdu = make(PduType::register_, 7, 2,
                         RegisterPdu{0, 127, 0, Oid{1, 3, 6, 1, 4, 1, 9586, 100, 5, 2}, 0});
    CHECK(encoded(pdu) == bytes);
    CHECK(decoded(bytes) == pdu);
}

TEST_CASE("Register-PDU with a range carries r.upper_bound") {
    const auto bytes = hex("01 03 10 00 | 00000001 | 00000003 | 00000003 | 00000014"
                           "05 7f 02 00 | 02 00 00 00 | 00000001 00000005 | 00000009");
    const Pdu pdu = make(PduType::register_, 1, 3, RegisterPdu{5, 127, 2, Oid{1, 5}, 9});
    CHECK(encoded(pdu) == bytes);
    CHECK(decoded(bytes) == pdu);
}

TEST_CASE("an OID outside 1.3.6.1 keeps every sub-identifier, prefix 0") {
    const auto bytes = hex("01 10 10 00 | 00000001 | 00000004 | 00000004 | 00000018"
                           "03 00 00 00 | 00000001 00000002 00000003 | 00000003 61 62 63 00");
    const Pdu pdu = make(PduType::add_agent_caps, 1, 4, AgentCapsPdu{Oid{1, 2, 3}, "abc"});
    CHECK(encoded(pdu) == bytes);
    CHECK(decoded(bytes) == pdu);
}

TEST_CASE("GetNext-PDU (6.2.6) from the master: search ranges with include and end") {
    // start 1.3.6.1.2.1.68 (include 1), end 1.3.6.1.2.1.69; start .1.3.6.1.4.1.9586.100.5.1.1.0, null end
    const auto bytes = hex("01 06 10 00 | 0000000a | 00000063 | 00000064 | 0000003c"
                           "02 02 01 00 | 00000001 00000044 | 02 02 00 00 | 00000001 00000045"
                           "07 04 00 00 | 00000001 00002572 00000064 00000005 00000001 00000001 00000000"
                           "00 00 00 00");
    const Pdu pdu = decoded(bytes);
    CHECK(pdu.header.session_id == 10);
    CHECK(pdu.header.transaction_id == 99);
    CHECK(pdu.header.packet_id == 100);
    const auto& get = std::get<GetPdu>(pdu.body);
    REQUIRE(get.ranges.size() == 2);
    CHECK(get.ranges[0] == SearchRange{Oid{1, 3, 6, 1, 2, 1, 68}, true, Oid{1, 3, 6, 1, 2, 1, 69}});
    CHECK(get.ranges[1] == SearchRange{Oid{1, 3, 6, 1, 4, 1, 9586, 100, 5, 1, 1, 0}, false, Oid{}});
    CHECK(encoded(pdu) == bytes);
}

TEST_CASE("little-endian PDUs decode (NETWORK_BYTE_ORDER clear)") {
    const auto bytes = hex("01 05 00 00 | 0a000000 | 63000000 | 64000000 | 10000000"
                           "02 02 00 00 | 01000000 44000000 | 00 00 00 00");
    const Pdu pdu = decoded(bytes);
    CHECK(pdu.header.session_id == 10);
    CHECK(pdu.header.packet_id == 100);
    CHECK(std::get<GetPdu>(pdu.body).ranges.at(0).start == Oid{1, 3, 6, 1, 2, 1, 68});
    CHECK(encoded(pdu) == bytes); // the header's flags choose the order back
}

TEST_CASE("GetBulk-PDU (6.2.7): non-repeaters and max-repetitions") {
    const auto bytes = hex("01 07 10 00 | 00000002 | 00000005 | 00000006 | 00000010"
                           "0001 000a | 01 02 00 00 | 00000044 | 00 00 00 00");
    const Pdu pdu = decoded(bytes);
    const auto& bulk = std::get<GetBulkPdu>(pdu.body);
    CHECK(bulk.non_repeaters == 1);
    CHECK(bulk.max_repetitions == 10);
    CHECK(bulk.ranges.at(0).start == Oid{1, 3, 6, 1, 2, 68});
}

TEST_CASE("Response-PDU (6.2.16) with every value type of section 5.4") {
    Pdu pdu = make(PduType::response, 3, 9,
                   ResponsePdu{0, ResponseError::no_error, 0,
                               {
                                   {Oid{1, 3, 6, 1, 2, 1, 68, 1, 1, 0}, Value::integer(-2)},
                                   {Oid{1, 3, 6, 1, 2, 1, 1, 9}, Value::octets("VI_1x")},
                                   {Oid{1, 3, 6, 1, 2, 1, 68, 1, 3, 1, 7}, Value::ip_address({192, 0, 2, 1})},
                                   {Oid{1, 3, 6, 1, 2, 1, 207}, Value::counter64(0x0102030405060708ull)},
                                   {Oid{1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0}, Value::object_id(Oid{1, 3, 6, 1, 2, 1, 207, 0, 1})},
                                   {Oid{1, 3}, Value::time_ticks(611)},
                                   {Oid{1, 4}, Value::exception(Syntax::end_of_mib_view)},
                               }});
    const auto bytes = hex(
        "01 12 10 00 | 00000003 | 00000009 | 00000009 | 000000e0"
        "00000000 | 0000 | 0000"
        // Integer -2 at 1.3.6.1.2.1.68.1.1.0 (prefix 2)
        "0002 0000 | 05 02 00 00 | 00000001 00000044 00000001 00000001 00000000 | fffffffe"
        // Octet String "VI_1x": length 5, 3 bytes of padding
        "0004 0000 | 03 02 00 00 | 00000001 00000001 00000009 | 00000005 56 49 5f 31 78 000000"
        // IpAddress: an octet string of 4
        "0040 0000 | 06 02 00 00 | 00000001 00000044 00000001 00000003 00000001 00000007 | 00000004 c0000201"
        // Counter64: most significant half first
        "0046 0000 | 02 02 00 00 | 00000001 000000cf | 01020304 05060708"
        // OBJECT IDENTIFIER value 1.3.6.1.2.1.207.0.1 at snmpTrapOID.0 (prefix 6)
        "0006 0000 | 06 06 00 00 | 00000003 00000001 00000001 00000004 00000001 00000000"
        "04 02 00 00 | 00000001 000000cf 00000000 00000001"
        // TimeTicks at 1.3 (no prefix: too short)
        "0043 0000 | 02 00 00 00 | 00000001 00000003 | 00000263"
        // endOfMibView: no data
        "0082 0000 | 02 00 00 00 | 00000001 00000004");
    CHECK(encoded(pdu) == bytes);
    CHECK(decoded(bytes) == pdu);
}

TEST_CASE("Counter64 in little-endian order is little-endian as a whole") {
    Pdu pdu = make(PduType::response, 1, 1,
                   ResponsePdu{0, ResponseError::no_error, 0, {{Oid{1}, Value::counter64(0x0102030405060708ull)}}});
    pdu.header.flags = 0;
    const auto bytes = hex("01 12 00 00 | 01000000 | 01000000 | 01000000 | 1c000000"
                           "00000000 0000 0000 | 4600 0000 | 01 00 00 00 | 01000000 | 08070605 04030201");
    CHECK(encoded(pdu) == bytes);
    CHECK(decoded(bytes) == pdu);
}

TEST_CASE("Notify-PDU (6.2.10) and Close-PDU (6.2.2)") {
    const Pdu notify = make(PduType::notify, 5, 11,
                            VarBindsPdu{{{Oid{1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0}, Value::object_id(Oid{1, 3, 6, 1, 2, 1, 68, 0, 1})}}});
    CHECK(encoded(notify) == hex("01 0c 10 00 | 00000005 | 0000000b | 0000000b | 00000034"
                                 "0006 0000 | 06 06 00 00 | 00000003 00000001 00000001 00000004 00000001 00000000"
                                 "04 02 00 00 | 00000001 00000044 00000000 00000001"));
    const Pdu close = make(PduType::close, 5, 12, ClosePdu{CloseReason::shutdown});
    const auto close_bytes = hex("01 02 10 00 | 00000005 | 0000000c | 0000000c | 00000004 | 05 000000");
    CHECK(encoded(close) == close_bytes);
    CHECK(decoded(close_bytes) == close);
}

TEST_CASE("a non-default context precedes the body of the PDUs that carry one") {
    Pdu ping = make(PduType::ping, 2, 3, EmptyPdu{});
    ping.context = "ctx";
    const auto bytes = hex("01 0d 18 00 | 00000002 | 00000003 | 00000003 | 00000008 | 00000003 63 74 78 00");
    CHECK(encoded(ping) == bytes);
    ping.header.flags |= flag_non_default_context; // decode() keeps the flags as received
    CHECK(decoded(bytes) == ping);
}

TEST_CASE("frame_size reads the payload length once the header is complete") {
    const auto bytes = hex("01 0d 10 00 | 00000002 | 00000003 | 00000003 | 00000000");
    CHECK_FALSE(frame_size(std::span(bytes).first(19)).has_value());
    CHECK(frame_size(bytes) == 20u);
}

TEST_CASE("the decoder rejects what RFC 2741 forbids and never reads past the frame") {
    SUBCASE("version") {
        const auto d = decode(hex("02 0d 10 00 | 00000002 | 00000003 | 00000003 | 00000000"));
        CHECK(d.error == DecodeError::bad_version);
        CHECK(d.header.has_value());
    }
    SUBCASE("payload length not a multiple of 4") {
        CHECK(decode(hex("01 0d 10 00 | 00000002 | 00000003 | 00000003 | 00000002 | 0000")).error ==
              DecodeError::bad_length);
    }
    SUBCASE("incomplete") {
        CHECK(decode(hex("01 0d 10 00 | 00000002 | 00000003 | 00000003 | 00000004")).error ==
              DecodeError::incomplete);
    }
    SUBCASE("unknown type, index allocation") {
        CHECK(decode(hex("01 13 10 00 | 00000002 | 00000003 | 00000003 | 00000000")).error ==
              DecodeError::unknown_type);
        CHECK(decode(hex("01 0e 10 00 | 00000002 | 00000003 | 00000003 | 00000000")).error ==
              DecodeError::unknown_type);
    }
    SUBCASE("an OID longer than its payload") {
        CHECK(decode(hex("01 06 10 00 | 00000002 | 00000003 | 00000003 | 00000008"
                         "03 00 00 00 | 00000001")).error == DecodeError::malformed);
    }
    SUBCASE("more than 128 sub-identifiers") {
        std::string text = "01 06 10 00 | 00000002 | 00000003 | 00000003 | 0000020c | 81 00 00 00";
        for (int i = 0; i < 129; ++i) {
            text += " 00000001";
        }
        text += " 00 00 00 00";
        CHECK(decode(hex(text)).error == DecodeError::malformed);
    }
    SUBCASE("an octet string longer than the payload") {
        CHECK(decode(hex("01 10 10 00 | 00000001 | 00000004 | 00000004 | 00000008"
                         "00 00 00 00 | 7fffffff")).error == DecodeError::malformed);
    }
    SUBCASE("an unknown value type") {
        CHECK(decode(hex("01 08 10 00 | 00000001 | 00000004 | 00000004 | 00000008"
                         "0003 0000 | 00 00 00 00")).error == DecodeError::malformed);
    }
    SUBCASE("bytes left after a fixed layout") {
        CHECK(decode(hex("01 02 10 00 | 00000005 | 0000000c | 0000000c | 00000008 | 05 000000 | 00000000"))
                  .error == DecodeError::trailing_bytes);
    }
    SUBCASE("a close reason outside 1..6") {
        CHECK(decode(hex("01 02 10 00 | 00000005 | 0000000c | 0000000c | 00000004 | 07 000000")).error ==
              DecodeError::malformed);
    }
}
