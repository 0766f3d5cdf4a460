#pragma once
// An IPv4 or IPv6 address as a value: family plus network-order bytes. Pure: parsing and
// formatting use inet_pton/inet_ntop only (no sockets).

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::config {

enum class Family : std::uint8_t { ipv4, ipv6 };

class IpAddress {
public:
    IpAddress() = default;
    IpAddress(Family family, const std::array<std::uint8_t, 16>& bytes) : family_{family}, bytes_{bytes} {}

    // Parses a dotted quad or an RFC 4291 text address; nullopt for anything else.
    static std::optional<IpAddress> parse(std::string_view text);

    Family family() const noexcept { return family_; }
    // Network-order bytes; IPv4 uses the first 4.
    const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }
    unsigned max_prefix() const noexcept { return family_ == Family::ipv4 ? 32U : 128U; }
    bool is_multicast() const noexcept;
    bool is_link_local() const noexcept;  // fe80::/10 (IPv6) or 169.254/16 (IPv4)
    // The address with the host bits (after `prefix` bits) all set (fill = 1) or all clear.
    IpAddress with_host_bits(unsigned prefix, int fill) const noexcept;
    std::string to_string() const;

    friend bool operator==(const IpAddress&, const IpAddress&) = default;
    friend auto operator<=>(const IpAddress&, const IpAddress&) = default;

private:
    Family family_{Family::ipv4};
    std::array<std::uint8_t, 16> bytes_{};
};

// ADDR[/LEN]; `prefix` is the family's maximum when no length is given.
struct IpPrefix {
    IpAddress address_;
    unsigned prefix_{32};

    static std::optional<IpPrefix> parse(std::string_view text);
    std::string to_string() const;  // always with /LEN
    friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

inline const char* family_name(Family family) noexcept {
    return family == Family::ipv4 ? "IPv4" : "IPv6";
}

} // namespace vigil::config
