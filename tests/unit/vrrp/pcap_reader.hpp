#pragma once
// Minimal classic-pcap reader for tests: global header + records, link type Ethernet
// (optionally one 802.1Q tag). Yields the network-layer bytes of each frame (any Ethernet
// minimum-frame padding is kept: the decoder must cope with it).

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace vigil::test {

struct PcapFrame {
    std::uint16_t ethertype = 0;
    std::vector<std::byte> payload; // after the Ethernet header
};

inline std::vector<PcapFrame> read_pcap(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw std::runtime_error("cannot open " + path);
    }
    const std::vector<unsigned char> data{std::istreambuf_iterator<char>(file), {}};
    if (data.size() < 24) {
        throw std::runtime_error("short pcap " + path);
    }
    const auto le32 = [&](std::size_t at) {
        return std::uint32_t{data[at]} | std::uint32_t{data[at + 1]} << 8 |
               std::uint32_t{data[at + 2]} << 16 | std::uint32_t{data[at + 3]} << 24;
    };
    const std::uint32_t magic = le32(0);
    if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
        throw std::runtime_error("not a little-endian pcap: " + path);
    }
    if (le32(20) != 1) {
        throw std::runtime_error("link type is not Ethernet: " + path);
    }
    std::vector<PcapFrame> frames;
    std::size_t at = 24;
    while (at + 16 <= data.size()) {
        const std::uint32_t length = le32(at + 8);
        at += 16;
        if (at + length > data.size() || length < 14) {
            throw std::runtime_error("truncated record in " + path);
        }
        std::size_t header = 12;
        std::uint16_t ethertype = static_cast<std::uint16_t>(data[at + 12] << 8 | data[at + 13]);
        if (ethertype == 0x8100 && length >= 18) {
            header = 16;
            ethertype = static_cast<std::uint16_t>(data[at + 16] << 8 | data[at + 17]);
        }
        PcapFrame frame;
        frame.ethertype = ethertype;
        for (std::size_t i = at + header + 2; i < at + length; ++i) {
            frame.payload.push_back(std::byte{data[i]});
        }
        frames.push_back(std::move(frame));
        at += length;
    }
    return frames;
}

} // namespace vigil::test
