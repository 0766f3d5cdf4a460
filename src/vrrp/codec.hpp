#pragma once
// Decode and encode VRRP adverts. Pure functions over bytes: no sockets, no logging, never
// throw on packet content (encode may only throw std::bad_alloc growing `out`).
//
// Decode runs the stateless receive checks of RFC 9568 section 7.1 (TTL/hop limit 255 when
// the destination is multicast, version 2|3, complete packet, checksum) plus the IPv4 tot_len
// and type checks, and records every failing one in Decoded::defects. It returns the first
// hard failure or the first defect in RFC order. validate() (validation.hpp) then walks the
// per-instance checks in keepalived's order, consulting those recorded defects.

#include "vrrp/advert.hpp"
#include "vrrp/drop_reason.hpp"
#include "vrrp/drop_set.hpp"
#include "net/ip_address.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace vigil::vrrp {

struct Decoded {
    Advert advert;
    PacketMeta meta;
    DropSet defects;                 // stateless checks that failed
    std::size_t expected_length = 0; // length implied by the header (incl. IPv4/AH headers)
    // The bytes decoded (IPv4: without link padding). Non-owning: valid only while the
    // caller's receive buffer is; validate() reads it for the AH ICV.
    std::span<const std::byte> packet;
};

struct DecodeOptions {
    // keepalived's vrrp_mcast_group4: the pseudo-header destination of the old unicast
    // VRRPv3 checksum form (see ChecksumForm::old_unicast).
    net::IpAddress ipv4_multicast_group = vrrp_multicast_v4;
};

// What the kernel tells us about an IPv6 advert through ancillary data.
struct Ipv6Envelope {
    net::IpAddress source;                      // the packet's source (recvmsg msg_name)
    net::IpAddress destination;                 // IPV6_PKTINFO ipi6_addr
    std::optional<std::uint8_t> hop_limit; // IPV6_HOPLIMIT; nullopt if not delivered
};

// An IPv4 packet as read from a raw socket (IP header included). Bytes beyond tot_len are
// link-layer padding (Ethernet minimum frame) and are ignored, as the kernel does.
// `out` is overwritten; its address vector's capacity is reused.
DropReason decode_ipv4(std::span<const std::byte> packet, Decoded& out,
                       const DecodeOptions& options = {}) noexcept;

// An IPv6 VRRP payload (the kernel strips the IPv6 header).
DropReason decode_ipv6(std::span<const std::byte> payload, const Ipv6Envelope& envelope,
                       Decoded& out) noexcept;

// The IPv4 header keepalived builds for IP_HDRINCL (keepalived/vrrp/vrrp.c vrrp_build_ip4):
// version 4, IHL 5, TOS 0xc0, no DF, protocol 112, header checksum filled in.
struct Ipv4Envelope {
    net::IpAddress source;
    net::IpAddress destination;       // 224.0.0.18 (or mcast_dst_ip) or the unicast peer
    std::uint16_t id = 0;        // the caller's per-instance counter
    std::uint8_t ttl = vrrp_ttl; // 255, or unicast_ttl
    // VRRPv3 only: ChecksumForm::old_unicast puts `multicast_group` in the pseudo-header
    // instead of `destination` (keepalived's old_unicast_checksum).
    ChecksumForm checksum_form = ChecksumForm::standard;
    net::IpAddress multicast_group = vrrp_multicast_v4;
    // advert.auth_type AH only: the key (auth_pass) and this advert's AH sequence number.
    AuthData ah_key{};
    std::uint32_t ah_sequence = 0;
};

// Appends the whole IPv4 packet. VRRPv2 carries advert.auth_data (zeros unless PASS). With a v2
// advert.auth_type AH (2) the packet is protocol 51 with keepalived's AH header: SPI = source
// address, the given sequence number, HMAC-MD5-96 ICV (TTL zeroed for unicast destinations).
// Returns the offset of the VRRP message within `out`.
std::size_t encode_ipv4(const Advert& advert, const Ipv4Envelope& envelope,
                        std::vector<std::byte>& out);

// Appends the IPv6 VRRP payload with its checksum computed over the IPv6 pseudo-header
// (the kernel recomputes it with IPV6_CHECKSUM; computing it here makes tests byte-exact).
void encode_ipv6(const Advert& advert, const net::IpAddress& source, const net::IpAddress& destination,
                 std::vector<std::byte>& out);

// Length of the VRRP message (header, addresses, v2 IPv4 auth data).
std::size_t vrrp_message_length(std::uint8_t version, net::Family family,
                                std::size_t address_count) noexcept;

} // namespace vigil::vrrp
