#pragma once
// keepalived's IPsec AH authentication for VRRPv2 over IPv4 (RFC 2402 header, HMAC-MD5-96
// per RFC 2403, keyed with the 8-byte NUL-padded auth_pass). The ICV covers:
//   the IPv4 header with TOS, flags/fragment offset and header checksum zeroed (and the TTL
//   too for unicast instances, as keepalived does), the AH header with its ICV zeroed, and
//   the VRRP message.

#include "vrrp/advert.hpp"

#include <array>
#include <cstddef>
#include <span>

namespace vigil::vrrp {

enum class AhTtl : std::uint8_t { keep, zero };

using AhIcv = std::array<std::uint8_t, 12>;

// `packet` is the IPv4 packet from its header to the end of the VRRP message; it must hold at
// least IHL*4 + 24 bytes (decode guarantees this when PacketMeta::ah is set).
AhIcv ah_icv(std::span<const std::byte> packet, const AuthData& key, AhTtl ttl) noexcept;

} // namespace vigil::vrrp
