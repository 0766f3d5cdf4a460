#include "probe/dns_query.hpp"

namespace vigil::probe {
namespace {

void put16(std::vector<std::uint8_t>& out, unsigned value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8U));
    out.push_back(static_cast<std::uint8_t>(value & 0xffU));
}

constexpr unsigned flag_rd = 0x0100;      // Recursion Desired
constexpr unsigned flag_qr = 0x8000;      // a response
constexpr unsigned class_in = 1;
constexpr std::size_t min_reply = 8;

} // namespace

std::vector<std::uint8_t> build_dns_query(std::uint16_t id, std::string_view name, config::DnsType type) {
    std::vector<std::uint8_t> out;
    out.reserve(12 + name.size() + 6);
    put16(out, id);
    put16(out, flag_rd);
    put16(out, 1);  // QDCOUNT
    put16(out, 0);  // ANCOUNT
    put16(out, 0);  // NSCOUNT
    put16(out, 0);  // ARCOUNT
    std::size_t position = 0;
    while (position < name.size()) {
        std::size_t dot = name.find('.', position);
        if (dot == std::string_view::npos) {
            dot = name.size();
        }
        const std::size_t length = dot - position;
        out.push_back(static_cast<std::uint8_t>(length));
        out.insert(out.end(), name.begin() + static_cast<std::ptrdiff_t>(position),
                   name.begin() + static_cast<std::ptrdiff_t>(dot));
        position = dot < name.size() ? dot + 1 : dot;
    }
    if (name != ".") {
        out.push_back(0);  // the root label
    }
    put16(out, static_cast<unsigned>(type));
    put16(out, class_in);
    return out;
}

DnsVerdict judge_dns_reply(std::uint16_t query_id, std::span<const std::uint8_t> reply) noexcept {
    if (reply.size() < min_reply) {
        return {};
    }
    const unsigned id = (static_cast<unsigned>(reply[0]) << 8U) | reply[1];
    const unsigned flags = (static_cast<unsigned>(reply[2]) << 8U) | reply[3];
    if (id != query_id || (flags & flag_qr) == 0) {
        return {};
    }
    const unsigned rcode = flags & 0xfU;
    if (rcode != 0) {
        return {DnsReply::error, rcode};
    }
    return {DnsReply::success, 0};
}

const char* dns_type_name(config::DnsType type) noexcept {
    switch (type) {
    case config::DnsType::a: return "A";
    case config::DnsType::ns: return "NS";
    case config::DnsType::cname: return "CNAME";
    case config::DnsType::soa: return "SOA";
    case config::DnsType::mx: return "MX";
    case config::DnsType::txt: return "TXT";
    case config::DnsType::aaaa: return "AAAA";
    case config::DnsType::rrsig: return "RRSIG";
    case config::DnsType::dnskey: return "DNSKEY";
    }
    return "(unknown)";
}

} // namespace vigil::probe
