#pragma once
// DNS_CHECK's query and its verdict on a reply (keepalived 2.2.7 check_dns.c; RFC 1035
// §4.1). The query asks one question, <name> <type> IN, with Recursion Desired. A reply
// passes when it carries the query's ID, is a response (QR) and has RCODE 0; shorter
// replies, other IDs and queries are ignored while waiting. keepalived only requires 8 bytes
// before it looks at the header (it compares against a pointer's size, not the header's
// 12): so does this, so that the same datagrams pass.

#include "config/lvs_model.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vigil::probe {

inline constexpr std::size_t dns_reply_buffer = 768;  // keepalived's DNS_BUFFER_SIZE

// The query for `name` ("" or "." is the root; a trailing dot is allowed) and `type`.
// Labels are written as keepalived writes them: each run between dots with its length in
// one byte (the configuration check refuses empty labels).
std::vector<std::uint8_t> build_dns_query(std::uint16_t id, std::string_view name, config::DnsType type);

enum class DnsReply : std::uint8_t { ignored, success, error };

struct DnsVerdict {
    DnsReply reply = DnsReply::ignored;
    unsigned rcode = 0;  // error: the reply's RCODE
};

DnsVerdict judge_dns_reply(std::uint16_t query_id, std::span<const std::uint8_t> reply) noexcept;

// keepalived's names for the types ("(unknown)" otherwise), for logs and dumps.
const char* dns_type_name(config::DnsType type) noexcept;

} // namespace vigil::probe
