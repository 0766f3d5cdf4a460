#pragma once
// RFC 1071 Internet checksum and the VRRP pseudo-headers (RFC 5798 section 5.2.8: IPv4
// pseudo-header as in RFC 768, IPv6 pseudo-header as in RFC 8200 section 8.1).
// VRRPv2 (RFC 3768 section 5.3.8) sums the VRRP message alone.

#include "net/ip_address.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace vigil::vrrp {

// Accumulates 16-bit big-endian words; add() calls must pass even lengths except the last.
class ChecksumAccumulator {
public:
    void add(std::span<const std::byte> data) noexcept;
    void add(std::span<const std::uint8_t> data) noexcept;
    void add_u16(std::uint16_t word) noexcept { sum_ += word; }
    // The ones-complement of the folded sum: the value to put in the checksum field, or 0
    // when verifying a message that already contains its checksum and is intact.
    std::uint16_t finish() const noexcept;

private:
    std::uint64_t sum_ = 0;
};

std::uint16_t internet_checksum(std::span<const std::byte> data) noexcept;

// Adds the pseudo-header for an upper-layer message of `length` bytes, protocol 112.
void add_pseudo_header(ChecksumAccumulator& acc, const net::IpAddress& source,
                       const net::IpAddress& destination, std::size_t length) noexcept;

// The VRRP checksum of `message` (checksum field included as it is): v2 over IPv4 sums the
// message only; v3, and anything over IPv6, adds the pseudo-header.
std::uint16_t vrrp_checksum(std::span<const std::byte> message, std::uint8_t version,
                            const net::IpAddress& source, const net::IpAddress& destination) noexcept;

} // namespace vigil::vrrp
