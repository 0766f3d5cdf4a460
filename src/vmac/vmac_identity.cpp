#include "vmac/vmac_identity.hpp"

#include <charconv>
#include <fmt/format.h>

namespace vigil::vmac {

namespace {

constexpr std::size_t ifname_max = 15;  // IFNAMSIZ - 1

// PREFIX[NUM].VRID, the prefix cut so that the whole fits IFNAMSIZ - 1.
std::string compose(std::string_view prefix, std::optional<unsigned> num, unsigned vrid) {
    const auto tail = num ? fmt::format("{}.{}", *num, vrid) : fmt::format(".{}", vrid);
    const auto keep = tail.size() >= ifname_max ? 0 : std::min(prefix.size(), ifname_max - tail.size());
    return std::string{prefix.substr(0, keep)} + tail;
}

} // namespace

MacBytes virtual_mac(net::Family family, unsigned vrid) noexcept {
    return {0x00, 0x00, 0x5e, 0x00, static_cast<std::uint8_t>(family == net::Family::ipv4 ? 0x01 : 0x02),
            static_cast<std::uint8_t>(vrid)};
}

std::optional<MacBytes> configured_mac(std::string_view text, unsigned vrid) noexcept {
    MacBytes mac{};
    std::size_t count = 0;
    std::size_t pos = 0;
    while (pos <= text.size() && count < mac.size()) {
        const auto end = std::min(text.find(':', pos), text.size());
        unsigned value = 0;
        const auto* first = text.data() + pos;
        const auto* last = text.data() + end;
        if (end == pos || end - pos > 2 || std::from_chars(first, last, value, 16).ptr != last) {
            return std::nullopt;
        }
        mac[count++] = static_cast<std::uint8_t>(value);
        pos = end + 1;
        if (end == text.size()) {
            break;
        }
    }
    if (pos <= text.size() && count == mac.size()) {
        return std::nullopt;  // more than 6 octets
    }
    if (count == 5) {
        mac[5] = static_cast<std::uint8_t>(vrid);
        return mac;
    }
    return count == 6 ? std::optional{mac} : std::nullopt;
}

net::IpAddress eui64_link_local(const MacBytes& mac) noexcept {
    return net::IpAddress::v6({0xfe, 0x80, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(mac[0] ^ 0x02), mac[1], mac[2],
                                0xff, 0xfe, mac[3], mac[4], mac[5]});
}

std::string vmac_name(std::string_view prefix, unsigned vrid, net::Family family,
                      const std::function<bool(const std::string&)>& taken) {
    auto name = compose(prefix, std::nullopt, vrid);
    unsigned num = 0;
    // Bounded: there are far fewer interfaces than numbers.
    for (unsigned attempt = 0; attempt < 100000 && taken(name); ++attempt) {
        if (family == net::Family::ipv6) {
            num = num == 0 ? 6 : num == 6 ? 1 : (num + 1 == 6 ? 7 : num + 1);
        } else {
            ++num;
        }
        name = compose(prefix, num, vrid);
    }
    return name;
}

} // namespace vigil::vmac
