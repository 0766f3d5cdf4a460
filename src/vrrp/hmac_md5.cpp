#include "vrrp/hmac_md5.hpp"

#include <cmath>
#include <cstring>

namespace vigil::vrrp {

namespace {

// RFC 1321 section 3.4: T[i] = floor(2^32 * |sin(i + 1)|).
const std::array<std::uint32_t, 64>& sine_table() noexcept {
    static const std::array<std::uint32_t, 64> table = [] {
        std::array<std::uint32_t, 64> t{};
        for (std::size_t i = 0; i < t.size(); ++i) {
            t[i] = static_cast<std::uint32_t>(
                std::floor(std::fabs(std::sin(static_cast<double>(i + 1))) * 4294967296.0));
        }
        return t;
    }();
    return table;
}

constexpr std::array<unsigned, 16> shifts = {7, 12, 17, 22, 5, 9,  14, 20,
                                             4, 11, 16, 23, 6, 10, 15, 21};

constexpr std::uint32_t rotate_left(std::uint32_t x, unsigned n) noexcept {
    return (x << n) | (x >> (32 - n));
}

} // namespace

Md5::Md5() noexcept : state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476} {}

void Md5::block(const std::uint8_t* data) noexcept {
    std::array<std::uint32_t, 16> m{};
    for (std::size_t i = 0; i < 16; ++i) {
        m[i] = std::uint32_t{data[4 * i]} | std::uint32_t{data[4 * i + 1]} << 8 |
               std::uint32_t{data[4 * i + 2]} << 16 | std::uint32_t{data[4 * i + 3]} << 24;
    }
    const auto& t = sine_table();
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    for (unsigned i = 0; i < 64; ++i) {
        std::uint32_t f = 0;
        unsigned g = 0;
        switch (i / 16) {
        case 0:
            f = (b & c) | (~b & d);
            g = i;
            break;
        case 1:
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
            break;
        case 2:
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
            break;
        default:
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
            break;
        }
        const std::uint32_t rotated =
            rotate_left(a + f + t[i] + m[g], shifts[(i / 16) * 4 + i % 4]);
        a = d;
        d = c;
        c = b;
        b = b + rotated;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
}

void Md5::update(std::span<const std::byte> data) noexcept {
    for (const auto byte : data) {
        buffer_[length_ % 64] = std::to_integer<std::uint8_t>(byte);
        ++length_;
        if (length_ % 64 == 0) {
            block(buffer_.data());
        }
    }
}

Md5Digest Md5::finish() noexcept {
    const std::uint64_t bits = length_ * 8;
    const std::byte one{0x80};
    update(std::span(&one, 1));
    const std::byte zero{0};
    while (length_ % 64 != 56) {
        update(std::span(&zero, 1));
    }
    std::array<std::byte, 8> length_bytes{};
    for (std::size_t i = 0; i < 8; ++i) {
        length_bytes[i] = std::byte{static_cast<std::uint8_t>(bits >> (8 * i))};
    }
    update(length_bytes);
    Md5Digest digest{};
    for (std::size_t i = 0; i < 16; ++i) {
        digest[i] = static_cast<std::uint8_t>(state_[i / 4] >> (8 * (i % 4)));
    }
    return digest;
}

Md5Digest hmac_md5(std::span<const std::uint8_t> key,
                   std::span<const std::span<const std::byte>> parts) noexcept {
    std::array<std::byte, 64> inner_pad{}, outer_pad{};
    for (std::size_t i = 0; i < 64; ++i) {
        const std::uint8_t k = i < key.size() ? key[i] : 0;
        inner_pad[i] = std::byte{static_cast<std::uint8_t>(k ^ 0x36)};
        outer_pad[i] = std::byte{static_cast<std::uint8_t>(k ^ 0x5c)};
    }
    Md5 inner;
    inner.update(inner_pad);
    for (const auto part : parts) {
        inner.update(part);
    }
    const Md5Digest inner_digest = inner.finish();
    Md5 outer;
    outer.update(outer_pad);
    outer.update(std::as_bytes(std::span(inner_digest)));
    return outer.finish();
}

} // namespace vigil::vrrp
