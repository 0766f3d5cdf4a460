#pragma once
// An IPv4 or IPv6 address as a value, the one address type of vigil: the configuration model,
// the protocol core and the system boundaries all use it. Pure: parsing and formatting use
// inet_pton/inet_ntop only (no sockets).
// Contract:
//  - Bytes are kept in network order; comparison is family first (IPv4 < IPv6), then the
//    bytes lexicographically. For IPv4 that equals comparing the host-order number and for
//    IPv6 comparing the four 32-bit words in order, which is how keepalived orders primary
//    addresses in the RFC 5798 section 6.4.3 tie-break.
//  - to_string()/fmt print as keepalived does (inet_ntop: dotted quad, RFC 5952 for IPv6).
//  - A default-constructed address is IPv4 0.0.0.0.

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <fmt/format.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil::net {

enum class Family : std::uint8_t { ipv4, ipv6 };

inline const char* family_name(Family family) noexcept {
    return family == Family::ipv4 ? "IPv4" : "IPv6";
}

// Length in bytes of one address of this family (4 or 16).
constexpr std::size_t address_length(Family family) noexcept {
    switch (family) {
    case Family::ipv4:
        return 4;
    case Family::ipv6:
        return 16;
    }
    return 16;
}

class IpAddress {
public:
    constexpr IpAddress() noexcept = default;
    // IPv4 uses the first 4 bytes of `bytes`; the others must be zero.
    constexpr IpAddress(Family family, const std::array<std::uint8_t, 16>& bytes) noexcept
        : family_{family}, bytes_{bytes} {}

    static constexpr IpAddress v4(std::array<std::uint8_t, 4> bytes) noexcept {
        IpAddress address;
        for (std::size_t i = 0; i < 4; ++i) {
            address.bytes_[i] = bytes[i];
        }
        return address;
    }
    static constexpr IpAddress v4(std::uint32_t host_order) noexcept {
        return v4({static_cast<std::uint8_t>(host_order >> 24),
                   static_cast<std::uint8_t>(host_order >> 16),
                   static_cast<std::uint8_t>(host_order >> 8),
                   static_cast<std::uint8_t>(host_order)});
    }
    static constexpr IpAddress v6(std::array<std::uint8_t, 16> bytes) noexcept {
        return IpAddress{Family::ipv6, bytes};
    }
    // Builds an address from exactly address_length(family) network-order bytes.
    static IpAddress from_bytes(Family family, std::span<const std::byte> bytes) noexcept;

    // Parses a dotted quad or an RFC 4291 text address (no prefix, no scope); nullopt for
    // anything else.
    static std::optional<IpAddress> parse(std::string_view text) noexcept;

    constexpr Family family() const noexcept { return family_; }
    constexpr bool is_v4() const noexcept { return family_ == Family::ipv4; }
    constexpr bool is_v6() const noexcept { return family_ == Family::ipv6; }

    // The network-order bytes: 4 for IPv4, 16 for IPv6.
    std::span<const std::uint8_t> bytes() const noexcept {
        return {bytes_.data(), address_length(family_)};
    }
    // The same in 16 bytes, an IPv4 address in the first 4 and zeros after (as in
    // union nf_inet_addr).
    constexpr const std::array<std::uint8_t, 16>& padded_bytes() const noexcept { return bytes_; }
    // IPv4 only: the address as a host-order number.
    constexpr std::uint32_t v4_host_order() const noexcept {
        return (std::uint32_t{bytes_[0]} << 24) | (std::uint32_t{bytes_[1]} << 16) |
               (std::uint32_t{bytes_[2]} << 8) | std::uint32_t{bytes_[3]};
    }
    // 32 or 128.
    constexpr unsigned max_prefix() const noexcept { return is_v4() ? 32U : 128U; }

    // 224.0.0.0/4 or ff00::/8.
    constexpr bool is_multicast() const noexcept {
        return is_v4() ? (bytes_[0] & 0xf0) == 0xe0 : bytes_[0] == 0xff;
    }
    // 169.254.0.0/16 (IPv4) or fe80::/10 (IPv6).
    constexpr bool is_link_local() const noexcept {
        return is_v4() ? bytes_[0] == 169 && bytes_[1] == 254
                       : bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
    }
    // The address with the host bits (after `prefix` bits) all set (fill = 1) or all clear.
    IpAddress with_host_bits(unsigned prefix, int fill) const noexcept;

    std::string to_string() const;

    friend constexpr bool operator==(const IpAddress&, const IpAddress&) noexcept = default;
    friend constexpr std::strong_ordering operator<=>(const IpAddress&,
                                                      const IpAddress&) noexcept = default;

private:
    Family family_ = Family::ipv4;
    std::array<std::uint8_t, 16> bytes_{};
};

// ADDR[/LEN]; `prefix` is the family's maximum when no length is given.
struct IpPrefix {
    IpAddress address_;
    unsigned prefix_{32};

    static std::optional<IpPrefix> parse(std::string_view text);
    std::string to_string() const; // always with /LEN
    friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

} // namespace vigil::net

template <>
struct fmt::formatter<vigil::net::IpAddress> : fmt::formatter<std::string_view> {
    template <typename FormatContext>
    auto format(const vigil::net::IpAddress& address, FormatContext& ctx) const {
        return fmt::formatter<std::string_view>::format(address.to_string(), ctx);
    }
};
