#include "vrrp/ip_address.hpp"

#include <arpa/inet.h>
#include <cstring>

namespace vigil::vrrp {

IpAddress IpAddress::from_bytes(Family family, std::span<const std::byte> bytes) noexcept {
    if (family == Family::ipv4) {
        std::array<std::uint8_t, 4> raw{};
        std::memcpy(raw.data(), bytes.data(), std::min<std::size_t>(bytes.size(), 4));
        return v4(raw);
    }
    std::array<std::uint8_t, 16> raw{};
    std::memcpy(raw.data(), bytes.data(), std::min<std::size_t>(bytes.size(), 16));
    return v6(raw);
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) noexcept {
    char buffer[INET6_ADDRSTRLEN + 1];
    if (text.empty() || text.size() >= sizeof buffer) {
        return std::nullopt;
    }
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    std::array<std::uint8_t, 16> raw{};
    if (inet_pton(AF_INET, buffer, raw.data()) == 1) {
        return v4({raw[0], raw[1], raw[2], raw[3]});
    }
    if (inet_pton(AF_INET6, buffer, raw.data()) == 1) {
        return v6(raw);
    }
    return std::nullopt;
}

std::string IpAddress::to_string() const {
    char buffer[INET6_ADDRSTRLEN];
    const int af = is_v4() ? AF_INET : AF_INET6;
    if (inet_ntop(af, bytes_.data(), buffer, sizeof buffer) == nullptr) {
        return {};
    }
    return buffer;
}

} // namespace vigil::vrrp
