#pragma once
// The host-order view of one VRRP advertisement and of the packet that carried it.
// Wire units are converted once, at decode (STYLE: units are types): the advert interval is
// always a Centiseconds duration, whether it came from the VRRPv2 seconds byte
// (RFC 3768 section 5.3.7) or the VRRPv3 12-bit Max Adver Int (RFC 5798 section 5.2.7).

#include "net/ip_address.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace vigil::vrrp {

using Centiseconds = std::chrono::duration<std::int64_t, std::centi>;

// RFC 3768 section 5.3.2 / RFC 5798 section 5.2.2: the only defined type.
inline constexpr std::uint8_t advert_type = 1;
// RFC 5798 section 5.1.1.3 / 5.1.2.3: the required TTL / hop limit for multicast adverts.
inline constexpr std::uint8_t vrrp_ttl = 255;
inline constexpr std::uint8_t ip_protocol_vrrp = 112;
inline constexpr std::uint8_t ip_protocol_ah = 51;
// RFC 5798 section 5.1.1.2 / 5.1.2.2: the VRRP multicast groups.
inline constexpr net::IpAddress vrrp_multicast_v4 = net::IpAddress::v4({224, 0, 0, 18});
inline constexpr net::IpAddress vrrp_multicast_v6 =
    net::IpAddress::v6({0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});
// Fixed VRRP header (version/type .. checksum) and the VRRPv2 authentication data.
inline constexpr std::size_t vrrp_header_length = 8;
inline constexpr std::size_t auth_data_length = 8;
inline constexpr std::size_t ipv4_header_length = 20;
// RFC 2402 AH with HMAC-MD5-96 as keepalived sends it: 12 fixed bytes + 12 bytes ICV.
inline constexpr std::size_t ah_header_length = 24;

// RFC 3768 section 5.3.6 (types 1 and 2 were removed by RFC 3768 but keepalived keeps them).
enum class AuthType : std::uint8_t { none = 0, pass = 1, ah = 2 };

using AuthData = std::array<std::uint8_t, auth_data_length>;

// The VRRP message (RFC 3768 section 5.1 / RFC 5798 section 5.1), host order.
struct Advert {
    std::uint8_t version = 3;         // 2 or 3 (other values only in rejected packets)
    std::uint8_t type = advert_type;  // 1
    std::uint8_t vrid = 0;            // 1..255
    std::uint8_t priority = 100;      // 0 = release, 255 = address owner
    std::uint8_t address_count = 0;   // "Count IPvX Addrs" as received; encode uses addresses
    std::uint8_t auth_type = 0;       // VRRPv2 only: the raw wire value (see AuthType)
    Centiseconds interval{100};       // v2: seconds * 100; v3: 12-bit centiseconds
    std::uint16_t checksum = 0;       // as received (decode) or as computed (encode)
    std::vector<net::IpAddress> addresses; // the family of the carrying packet
    AuthData auth_data{};             // VRRPv2 over IPv4 only: password, NUL padded
};

// RFC 2402 section 2: the IPsec AH header keepalived puts between IPv4 and VRRPv2.
struct AhHeader {
    std::uint8_t next_header = ip_protocol_vrrp;
    std::uint8_t payload_length = 4; // in 32-bit words minus 2: 4 for a 96-bit ICV
    std::uint32_t spi = 0;           // keepalived: the sender's IPv4 address
    std::uint32_t sequence = 0;
    std::array<std::uint8_t, 12> icv{};
};

enum class Cast : std::uint8_t { multicast, unicast };

// Which IPv4 pseudo-header destination made a VRRPv3 checksum verify. keepalived <= 1.3.6
// used the multicast group even for unicast adverts ("old_unicast_checksum"); RFC 5798
// section 5.2.8 uses the packet's destination.
enum class ChecksumForm : std::uint8_t { standard, old_unicast, invalid };

// What the packet said about itself beyond the VRRP message. For IPv6, source, destination
// and hop limit come from ancillary data (IPV6_PKTINFO, IPV6_HOPLIMIT).
struct PacketMeta {
    net::Family family = net::Family::ipv4;
    net::IpAddress source;
    net::IpAddress destination;
    std::optional<std::uint8_t> ttl;   // IPv4 TTL / IPv6 hop limit; nullopt if unknown
    Cast cast = Cast::multicast;       // whether the destination was a multicast address
    std::size_t received_length = 0;   // bytes handed to decode, after trimming link padding
    std::uint16_t ip_total_length = 0; // IPv4 tot_len (0 for IPv6)
    std::uint16_t ip_id = 0;           // IPv4 identification (0 for IPv6)
    std::optional<AhHeader> ah;        // present iff IPv4 protocol was 51
    ChecksumForm checksum_form = ChecksumForm::standard;
};

} // namespace vigil::vrrp
