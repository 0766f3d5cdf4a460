#include "config/ip_address.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace vigil::config {

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) {
        return std::nullopt;
    }
    char buf[INET6_ADDRSTRLEN] = {};
    std::memcpy(buf, text.data(), text.size());
    std::array<std::uint8_t, 16> bytes{};
    if (text.find(':') == std::string_view::npos) {
        if (inet_pton(AF_INET, buf, bytes.data()) == 1) {
            return IpAddress{Family::ipv4, bytes};
        }
        return std::nullopt;
    }
    if (inet_pton(AF_INET6, buf, bytes.data()) == 1) {
        return IpAddress{Family::ipv6, bytes};
    }
    return std::nullopt;
}

bool IpAddress::is_multicast() const noexcept {
    return family_ == Family::ipv4 ? (bytes_[0] & 0xf0U) == 0xe0U : bytes_[0] == 0xffU;
}

bool IpAddress::is_link_local() const noexcept {
    if (family_ == Family::ipv4) {
        return bytes_[0] == 169 && bytes_[1] == 254;
    }
    return bytes_[0] == 0xfe && (bytes_[1] & 0xc0U) == 0x80U;
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
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(family_ == Family::ipv4 ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
    return buf;
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

} // namespace vigil::config
