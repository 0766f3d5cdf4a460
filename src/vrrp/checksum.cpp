#include "vrrp/checksum.hpp"

namespace vigil::vrrp {

void ChecksumAccumulator::add(std::span<const std::byte> data) noexcept {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) {
        sum_ += (std::to_integer<std::uint32_t>(data[i]) << 8) |
                std::to_integer<std::uint32_t>(data[i + 1]);
    }
    if (i < data.size()) {
        sum_ += std::to_integer<std::uint32_t>(data[i]) << 8;
    }
}

void ChecksumAccumulator::add(std::span<const std::uint8_t> data) noexcept {
    add(std::as_bytes(data));
}

std::uint16_t ChecksumAccumulator::finish() const noexcept {
    std::uint64_t sum = sum_;
    while ((sum >> 16) != 0) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::uint16_t internet_checksum(std::span<const std::byte> data) noexcept {
    ChecksumAccumulator acc;
    acc.add(data);
    return acc.finish();
}

void add_pseudo_header(ChecksumAccumulator& acc, const net::IpAddress& source,
                       const net::IpAddress& destination, std::size_t length) noexcept {
    acc.add(source.bytes());
    acc.add(destination.bytes());
    if (source.is_v6()) {
        acc.add_u16(static_cast<std::uint16_t>(length >> 16));
    }
    acc.add_u16(static_cast<std::uint16_t>(length));
    acc.add_u16(112);
}

std::uint16_t vrrp_checksum(std::span<const std::byte> message, std::uint8_t version,
                            const net::IpAddress& source, const net::IpAddress& destination) noexcept {
    ChecksumAccumulator acc;
    if (version != 2 || source.is_v6()) {
        add_pseudo_header(acc, source, destination, message.size());
    }
    acc.add(message);
    return acc.finish();
}

} // namespace vigil::vrrp
