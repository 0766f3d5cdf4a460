#pragma once
// Big-endian appender used by encode; mirrors ByteReader. Appends to a caller-owned vector so
// a sender can reuse one buffer (no allocation per packet once capacity is reached).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace vigil::util {

class ByteWriter {
public:
    explicit ByteWriter(std::vector<std::byte>& out) noexcept : out_(out) {}

    std::size_t size() const noexcept { return out_.size(); }

    void u8(std::uint8_t value) { out_.push_back(std::byte{value}); }
    void u16(std::uint16_t value) {
        u8(static_cast<std::uint8_t>(value >> 8));
        u8(static_cast<std::uint8_t>(value));
    }
    void u32(std::uint32_t value) {
        u16(static_cast<std::uint16_t>(value >> 16));
        u16(static_cast<std::uint16_t>(value));
    }
    void bytes(std::span<const std::uint8_t> data) {
        for (const auto b : data) {
            u8(b);
        }
    }
    // Overwrites a 16-bit field written earlier (checksums, lengths).
    void patch_u16(std::size_t offset, std::uint16_t value) noexcept {
        out_[offset] = std::byte{static_cast<std::uint8_t>(value >> 8)};
        out_[offset + 1] = std::byte{static_cast<std::uint8_t>(value)};
    }

private:
    std::vector<std::byte>& out_;
};

} // namespace vigil::util
