#pragma once
// SNMP values as AgentX carries them (RFC 2741 section 5.4): the SMIv2 base types of
// RFC 2578 section 7.1 plus the three exceptions of RFC 3416 section 3.

#include "snmp/oid.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace vigil::snmp {

// v.type codes of RFC 2741 section 5.4.
enum class Syntax : std::uint16_t {
    integer = 2,
    octet_string = 4,
    null = 5,
    object_identifier = 6,
    ip_address = 64,
    counter32 = 65,
    gauge32 = 66,
    time_ticks = 67,
    opaque = 68,
    counter64 = 70,
    no_such_object = 128,
    no_such_instance = 129,
    end_of_mib_view = 130,
};

// Whether `s` is one of the codes above.
bool known_syntax(std::uint16_t code) noexcept;
// noSuchObject, noSuchInstance and endOfMibView carry no data.
constexpr bool is_exception(Syntax s) noexcept {
    return s == Syntax::no_such_object || s == Syntax::no_such_instance ||
           s == Syntax::end_of_mib_view;
}

// One value. `number` holds the integer kinds (Integer32 as its two's complement bits,
// Counter32, Gauge32, TimeTicks, Counter64); `bytes` the string kinds (OCTET STRING,
// IpAddress in network order, Opaque); `oid` an OBJECT IDENTIFIER.
struct Value {
    Syntax syntax = Syntax::null;
    std::uint64_t number = 0;
    std::string bytes;
    Oid oid;

    static Value integer(std::int32_t v) {
        return {Syntax::integer, static_cast<std::uint32_t>(v), {}, {}};
    }
    static Value octets(std::string_view v) { return {Syntax::octet_string, 0, std::string(v), {}}; }
    static Value octets(std::span<const std::uint8_t> v) {
        return {Syntax::octet_string, 0, std::string(v.begin(), v.end()), {}};
    }
    static Value ip_address(const std::array<std::uint8_t, 4>& v) {
        return {Syntax::ip_address, 0, std::string(v.begin(), v.end()), {}};
    }
    static Value counter32(std::uint32_t v) { return {Syntax::counter32, v, {}, {}}; }
    static Value gauge32(std::uint32_t v) { return {Syntax::gauge32, v, {}, {}}; }
    static Value time_ticks(std::uint32_t v) { return {Syntax::time_ticks, v, {}, {}}; }
    static Value counter64(std::uint64_t v) { return {Syntax::counter64, v, {}, {}}; }
    static Value object_id(Oid v) { return {Syntax::object_identifier, 0, {}, std::move(v)}; }
    static Value exception(Syntax s) { return {s, 0, {}, {}}; }

    std::int32_t as_integer() const noexcept {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(number));
    }

    friend bool operator==(const Value&, const Value&) = default;
};

struct VarBind {
    Oid name;
    Value value;
    friend bool operator==(const VarBind&, const VarBind&) = default;
};

// `snmpwalk -On` style rendering ("INTEGER: 2", "STRING: \"VI_1\"", "Hex-STRING: C0 00 02 01 ",
// "Counter64: 0"...), for tests and debug logs.
std::string to_string(const Value& value);
std::string to_string(const VarBind& varbind);

} // namespace vigil::snmp
