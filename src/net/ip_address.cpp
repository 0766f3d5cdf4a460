#include "net/ip_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace vigil::net {

IpAddress IpAddress::from_bytes(Family family, std::span<const std::byte> bytes) noexcept {
    IpAddress address;
    address.family_ = family;
    std::memcpy(address.bytes_.data(), bytes.data(), std::min(bytes.size(), address_length(family)));
    return address;
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
        return IpAddress{Family::ipv4, raw};
    }
    if (inet_pton(AF_INET6, buffer, raw.data()) == 1) {
        return IpAddress{Family::ipv6, raw};
    }
    return std::nullopt;
}

IpAddress IpAddress::with_host_bits(unsigned prefix, int fill) const noexcept {
    IpAddress out = *this;
    const unsigned bits = max_prefix();
    for (unsigned bit = prefix; bit < bits; ++bit) {
        const auto mask = static_cast<std::uint8_t>(0x80U >> (bit % 8));
        if (fill != 0) {
            out.bytes_[bit / 8] = static_cast<std::uint8_t>(out.bytes_[bit / 8] | mask);
        } else {
            out.bytes_[bit / 8] = static_cast<std::uint8_t>(out.bytes_[bit / 8] & ~mask);
        }
    }
    return out;
}

std::string IpAddress::to_string() const {
    char buffer[INET6_ADDRSTRLEN];
    if (inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buffer, sizeof buffer) == nullptr) {
        return {};
    }
    return buffer;
}

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
    const auto slash = text.find('/');
    auto addr = IpAddress::parse(text.substr(0, slash));
    if (!addr) {
        return std::nullopt;
    }
    IpPrefix out{*addr, addr->max_prefix()};
    if (slash != std::string_view::npos) {
        const auto len = text.substr(slash + 1);
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), value);
        if (len.empty() || ec != std::errc{} || end != len.data() + len.size() || value > addr->max_prefix()) {
            return std::nullopt;
        }
        out.prefix_ = value;
    }
    return out;
}

std::string IpPrefix::to_string() const {
    return address_.to_string() + "/" + std::to_string(prefix_);
}

} // namespace vigil::net
