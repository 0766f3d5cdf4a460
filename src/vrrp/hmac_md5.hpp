#pragma once
// MD5 (RFC 1321) and HMAC-MD5 (RFC 2104), only for keepalived's IPsec-AH VRRPv2
// authentication (HMAC-MD5-96, RFC 2403). Not for anything that needs a secure hash.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace vigil::vrrp {

using Md5Digest = std::array<std::uint8_t, 16>;

class Md5 {
public:
    Md5() noexcept;
    void update(std::span<const std::byte> data) noexcept;
    Md5Digest finish() noexcept;

private:
    void block(const std::uint8_t* data) noexcept;

    std::array<std::uint32_t, 4> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::uint64_t length_ = 0; // bytes hashed so far
};

// HMAC-MD5 of the concatenation of `parts`, keyed with `key` (at most 64 bytes).
Md5Digest hmac_md5(std::span<const std::uint8_t> key,
                   std::span<const std::span<const std::byte>> parts) noexcept;

} // namespace vigil::vrrp
