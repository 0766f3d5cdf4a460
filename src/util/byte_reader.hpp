#pragma once
// Bounds-checked big-endian reader over received bytes (STYLE: never cast onto a buffer).
// Every read either succeeds completely or returns nullopt and leaves the position alone.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace vigil::util {

class ByteReader {
public:
    explicit ByteReader(std::span<const std::byte> data) noexcept : data_(data) {}

    std::size_t position() const noexcept { return position_; }
    std::size_t remaining() const noexcept { return data_.size() - position_; }

    std::optional<std::uint8_t> u8() noexcept {
        if (remaining() < 1) {
            return std::nullopt;
        }
        return std::to_integer<std::uint8_t>(data_[position_++]);
    }
    std::optional<std::uint16_t> u16() noexcept {
        if (remaining() < 2) {
            return std::nullopt;
        }
        const auto value =
            static_cast<std::uint16_t>((std::to_integer<unsigned>(data_[position_]) << 8) |
                                       std::to_integer<unsigned>(data_[position_ + 1]));
        position_ += 2;
        return value;
    }
    std::optional<std::uint32_t> u32() noexcept {
        if (remaining() < 4) {
            return std::nullopt;
        }
        std::uint32_t value = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            value = (value << 8) | std::to_integer<std::uint32_t>(data_[position_ + i]);
        }
        position_ += 4;
        return value;
    }
    // The next n bytes as a sub-span.
    std::optional<std::span<const std::byte>> take(std::size_t n) noexcept {
        if (remaining() < n) {
            return std::nullopt;
        }
        const auto out = data_.subspan(position_, n);
        position_ += n;
        return out;
    }
    bool skip(std::size_t n) noexcept { return take(n).has_value(); }

private:
    std::span<const std::byte> data_;
    std::size_t position_ = 0;
};

} // namespace vigil::util
