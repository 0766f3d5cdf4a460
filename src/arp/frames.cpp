#include "arp/frames.hpp"

#include <algorithm>
#include <span>

namespace vigil::arp {
namespace {

constexpr Ipv6Bytes all_nodes{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
constexpr MacAddress all_nodes_mac{0x33, 0x33, 0x00, 0x00, 0x00, 0x01};
constexpr std::uint8_t ipproto_icmpv6 = 58;
constexpr std::uint8_t nd_neighbor_advert = 136;
constexpr std::uint8_t nd_opt_target_linkaddr = 2;

// Sequential big-endian writer over a fixed frame; the sizes are compile-time constants, so
// the builders cannot overrun.
class FrameWriter {
public:
    explicit FrameWriter(std::span<std::uint8_t> out) noexcept : out_(out) {}
    void u8(std::uint8_t v) noexcept { out_[pos_++] = v; }
    void u16(std::uint16_t v) noexcept {
        u8(static_cast<std::uint8_t>(v >> 8));
        u8(static_cast<std::uint8_t>(v));
    }
    void bytes(std::span<const std::uint8_t> v) noexcept {
        std::copy(v.begin(), v.end(), out_.begin() + static_cast<std::ptrdiff_t>(pos_));
        pos_ += v.size();
    }
    void ethernet(const MacAddress& dst, const MacAddress& src, std::uint16_t type) noexcept {
        bytes(dst);
        bytes(src);
        u16(type);
    }
    std::size_t position() const noexcept { return pos_; }

private:
    std::span<std::uint8_t> out_;
    std::size_t pos_ = 0;
};

// RFC 1071 sum of big-endian 16-bit words (even-length input).
std::uint32_t sum_words(std::span<const std::uint8_t> data, std::uint32_t sum) noexcept {
    for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
        sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    }
    return sum;
}

std::uint16_t fold(std::uint32_t sum) noexcept {
    while ((sum >> 16) != 0) {
        sum = (sum & 0xffffU) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum);
}

} // namespace

GratuitousArpFrame build_gratuitous_arp(const MacAddress& mac, const Ipv4Bytes& address) noexcept {
    GratuitousArpFrame frame{};
    FrameWriter w(frame);
    w.ethernet(broadcast_mac, mac, ethertype_arp);
    w.u16(1);      // hardware type: Ethernet
    w.u16(0x0800); // protocol type: IPv4
    w.u8(6);       // hardware address length
    w.u8(4);       // protocol address length
    w.u16(1);      // opcode: request
    w.bytes(mac);
    w.bytes(address);
    w.bytes(broadcast_mac);
    w.bytes(address);
    return frame;
}

NeighbourAdvertFrame build_unsolicited_na(const MacAddress& mac, const Ipv6Bytes& address,
                                          RouterFlag router) noexcept {
    constexpr std::uint16_t icmp_length = 32;
    constexpr std::size_t icmp_offset = 14 + 40;
    NeighbourAdvertFrame frame{};
    FrameWriter w(frame);
    w.ethernet(all_nodes_mac, mac, ethertype_ipv6);
    // IPv6 header: version 6, traffic class 0, flow label 0.
    w.u8(0x60);
    w.u8(0);
    w.u16(0);
    w.u16(icmp_length);
    w.u8(ipproto_icmpv6);
    w.u8(255);
    w.bytes(address);
    w.bytes(all_nodes);
    // ICMPv6 Neighbour Advertisement.
    w.u8(nd_neighbor_advert);
    w.u8(0);                   // code
    w.u16(0);                  // checksum, filled below
    std::uint8_t flags = 0x20; // Override
    switch (router) {
    case RouterFlag::set:
        flags |= 0x80;
        break;
    case RouterFlag::clear:
        break;
    }
    w.u8(flags);
    w.u8(0);
    w.u16(0);
    w.bytes(address);
    w.u8(nd_opt_target_linkaddr);
    w.u8(1); // option length in units of 8 bytes
    w.bytes(mac);

    // Pseudo-header: source, destination, upper-layer length (32 bits), next header.
    std::uint32_t sum = sum_words(address, 0);
    sum = sum_words(all_nodes, sum);
    sum += icmp_length;
    sum += ipproto_icmpv6;
    sum = sum_words(std::span<const std::uint8_t>(frame).subspan(icmp_offset, icmp_length), sum);
    const std::uint16_t checksum = fold(sum);
    frame[icmp_offset + 2] = static_cast<std::uint8_t>(checksum >> 8);
    frame[icmp_offset + 3] = static_cast<std::uint8_t>(checksum);
    return frame;
}

} // namespace vigil::arp
