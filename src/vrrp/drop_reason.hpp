#pragma once
// Why a received advert was not processed. Declared in the order keepalived 2.2.7
// (vrrp_check_packet) evaluates them, which follows RFC 3768 section 7.1 / RFC 9568
// section 7.1. Every value has a name (drop_reason_name) and maps to at most one
// per-instance counter (Stats, see stats.hpp).

#include <cstdint>
#include <string_view>

namespace vigil::vrrp {

enum class DropReason : std::uint8_t {
    none, // accepted
    // Stateless (decode): no instance is known yet for these first two.
    too_short,     // fewer bytes than the IP + (AH +) VRRP fixed headers
    bad_ip_header, // IPv4 version != 4, IHL < 5, or protocol neither 112 nor 51
    ah_not_vrrp,   // AH next header is not 112: not for us, silently ignored
    // Per-instance, in keepalived's order (stateless facts recorded by decode are consulted
    // in this order too, so the first failing check is the one keepalived would report).
    multicast_on_unicast, // IPv6 multicast advert on a unicast instance (-D log only)
    ah_unexpected,        // AH header present, auth type not AH
    ah_missing,           // auth type AH, no AH header
    length,               // VRRP length != length implied by the address count
    ttl,                  // multicast: TTL / hop limit != 255 (RFC 5798 section 7.1)
    version,              // version != configured version (decode: not 2 or 3)
    invalid_auth_type,    // v2 auth type not 0, 1 or 2
    auth_type_mismatch,   // v2 auth type != configured
    auth_failure,         // v2 PASS mismatch (constant-time compare)
    ah_icv,               // v2 AH: HMAC-MD5-96 ICV mismatch
    ah_spi,               // v2 AH: SPI is not the source address
    ah_replay,            // v2 AH: sequence number not above the last one seen
    interval_mismatch,    // v2 advert interval != configured
    invalid_type,         // type != 1
    address_count,        // address count != configured VIP count
    total_length,         // IPv4 tot_len != received length
    checksum,             // VRRP checksum (either form, see ChecksumForm)
    cast_mismatch,        // multicast destination on unicast instance or vice versa
    address_missing,      // a configured VIP is not in the advert
    unicast_source,       // check_unicast_src: source is not a configured peer
    peer_ttl,             // check_unicast_src: TTL outside the peer's min_ttl..max_ttl
};

inline constexpr std::size_t drop_reason_count = 25;

// A stable snake_case name ("none", "too_short", ...) for logs, dumps and tests.
std::string_view drop_reason_name(DropReason reason) noexcept;

} // namespace vigil::vrrp
