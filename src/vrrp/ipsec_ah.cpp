#include "vrrp/ipsec_ah.hpp"

#include "vrrp/hmac_md5.hpp"

#include <algorithm>

namespace vigil::vrrp {

AhIcv ah_icv(std::span<const std::byte> packet, const AuthData& key, AhTtl ttl) noexcept {
    const std::size_t ihl = std::size_t{std::to_integer<unsigned>(packet[0]) & 0x0fu} * 4;
    std::array<std::byte, 60> ip{};
    std::copy_n(packet.begin(), ihl, ip.begin());
    ip[1] = std::byte{0};           // TOS
    ip[6] = ip[7] = std::byte{0};   // flags, fragment offset
    ip[10] = ip[11] = std::byte{0}; // header checksum
    if (ttl == AhTtl::zero) {
        ip[8] = std::byte{0};
    }
    std::array<std::byte, ah_header_length> ah{};
    std::copy_n(packet.begin() + static_cast<std::ptrdiff_t>(ihl), ah_header_length, ah.begin());
    std::fill(ah.begin() + 12, ah.end(), std::byte{0});
    const std::span<const std::byte> parts[] = {std::span(ip).first(ihl), ah,
                                                packet.subspan(ihl + ah_header_length)};
    const Md5Digest digest = hmac_md5(key, parts);
    AhIcv icv{};
    std::copy_n(digest.begin(), icv.size(), icv.begin());
    return icv;
}

} // namespace vigil::vrrp
