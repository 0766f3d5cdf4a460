#include "snmp/value.hpp"

#include <fmt/format.h>

namespace vigil::snmp {
namespace {

// net-snmp prints an OCTET STRING as text when every byte is printable (or a trailing NUL,
// newline or tab), else as hex.
bool printable(std::string_view bytes) {
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 || u >= 0x7f) && c != '\n' && c != '\t' && c != '\r') {
            return false;
        }
    }
    return true;
}

std::string hex_string(std::string_view bytes) {
    std::string out;
    for (const char c : bytes) {
        out += fmt::format("{:02X} ", static_cast<unsigned char>(c));
    }
    return out;
}

} // namespace

bool known_syntax(std::uint16_t code) noexcept {
    switch (static_cast<Syntax>(code)) {
    case Syntax::integer:
    case Syntax::octet_string:
    case Syntax::null:
    case Syntax::object_identifier:
    case Syntax::ip_address:
    case Syntax::counter32:
    case Syntax::gauge32:
    case Syntax::time_ticks:
    case Syntax::opaque:
    case Syntax::counter64:
    case Syntax::no_such_object:
    case Syntax::no_such_instance:
    case Syntax::end_of_mib_view:
        return true;
    }
    return false;
}

std::string to_string(const Value& v) {
    switch (v.syntax) {
    case Syntax::integer:
        return fmt::format("INTEGER: {}", v.as_integer());
    case Syntax::octet_string:
        if (v.bytes.empty()) {
            return "\"\"";
        }
        return printable(v.bytes) ? fmt::format("STRING: \"{}\"", v.bytes)
                                  : "Hex-STRING: " + hex_string(v.bytes);
    case Syntax::null:
        return "NULL";
    case Syntax::object_identifier:
        return "OID: " + v.oid.to_string();
    case Syntax::ip_address:
        if (v.bytes.size() == 4) {
            return fmt::format("IpAddress: {}.{}.{}.{}", static_cast<unsigned char>(v.bytes[0]),
                               static_cast<unsigned char>(v.bytes[1]),
                               static_cast<unsigned char>(v.bytes[2]),
                               static_cast<unsigned char>(v.bytes[3]));
        }
        return "IpAddress: " + hex_string(v.bytes);
    case Syntax::counter32:
        return fmt::format("Counter32: {}", v.number);
    case Syntax::gauge32:
        return fmt::format("Gauge32: {}", v.number);
    case Syntax::time_ticks: {
        // net-snmp: "(611) 0:00:06.11", with "D day(s), " in front past a day.
        const std::uint64_t cs = v.number % 100;
        const std::uint64_t s = v.number / 100;
        const std::uint64_t days = s / 86400;
        std::string out = fmt::format("Timeticks: ({}) ", v.number);
        if (days > 0) {
            out += fmt::format("{} day{}, ", days, days == 1 ? "" : "s");
        }
        return out + fmt::format("{}:{:02}:{:02}.{:02}", s / 3600 % 24, s / 60 % 60, s % 60, cs);
    }
    case Syntax::opaque:
        return "OPAQUE: " + hex_string(v.bytes);
    case Syntax::counter64:
        return fmt::format("Counter64: {}", v.number);
    case Syntax::no_such_object:
        return "No Such Object available on this agent at this OID";
    case Syntax::no_such_instance:
        return "No Such Instance currently exists at this OID";
    case Syntax::end_of_mib_view:
        return "No more variables left in this MIB View (It is past the end of the MIB tree)";
    }
    return "?";
}

std::string to_string(const VarBind& vb) {
    return vb.name.to_string() + " = " + to_string(vb.value);
}

} // namespace vigil::snmp
