// Neighbor Solicitations for the IPv6 VIPs as Duplicate Address Detection sends them
// (RFC 4862 section 5.4.2: source ::, to the target's solicited-node group, hop limit 255,
// no source link-layer option), so that no neighbour cache learns anything. A host holding
// the address answers with a Neighbor Advertisement to all-nodes (RFC 4861 section 7.2.4),
// read on the same AF_PACKET socket with the Ethernet source as the answering MAC. The
// kernel would fail DAD for a VIP so answered.
#include "doctor/packet_socket.hpp"

#include <linux/if_ether.h>

#include <algorithm>
#include <array>

namespace vigil::doctor {
namespace {

constexpr std::size_t ipv6_header = 40;
constexpr std::size_t ns_size = 24; // type, code, checksum, reserved, target
constexpr std::uint8_t icmpv6 = 58;
constexpr std::uint8_t neighbor_solicitation = 135;
constexpr std::uint8_t neighbor_advertisement = 136;

// ff02::1:ffXX:XXXX for the last three bytes of TARGET (RFC 4291 section 2.7.1).
std::array<std::uint8_t, 16> solicited_node(std::span<const std::uint8_t> target) {
    std::array<std::uint8_t, 16> group{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff};
    std::copy_n(target.begin() + 13, 3, group.begin() + 13);
    return group;
}

// The ICMPv6 checksum (RFC 4443 section 2.3) of PACKET, a whole IPv6 packet.
std::uint16_t icmpv6_checksum(std::span<const std::uint8_t> packet) {
    std::uint32_t sum = 0;
    const auto add = [&](std::span<const std::uint8_t> bytes) {
        for (std::size_t i = 0; i < bytes.size(); i += 2) {
            sum += static_cast<std::uint32_t>(bytes[i] << 8) + (i + 1 < bytes.size() ? bytes[i + 1] : 0U);
        }
    };
    add(packet.subspan(8, 32)); // source and destination
    const std::size_t length = packet.size() - ipv6_header;
    const std::array<std::uint8_t, 8> rest{0, 0, static_cast<std::uint8_t>(length >> 8),
                                           static_cast<std::uint8_t>(length), 0, 0, 0, icmpv6};
    add(rest);
    add(packet.subspan(ipv6_header));
    while ((sum >> 16) != 0) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum);
}

std::array<std::uint8_t, ipv6_header + ns_size> solicitation_for(const net::IpAddress& vip) {
    std::array<std::uint8_t, ipv6_header + ns_size> p{};
    p[0] = 0x60;
    p[5] = ns_size;
    p[6] = icmpv6;
    p[7] = 255; // hop limit: receivers drop ND with any other (RFC 4861 section 7.1.1)
    // source :: (bytes 8-23 stay zero)
    const auto target = vip.bytes();
    const auto group = solicited_node(target);
    std::copy(group.begin(), group.end(), p.begin() + 24);
    p[ipv6_header] = neighbor_solicitation;
    std::copy(target.begin(), target.end(), p.begin() + ipv6_header + 8);
    const std::uint16_t sum = icmpv6_checksum(p);
    p[ipv6_header + 2] = static_cast<std::uint8_t>(sum >> 8);
    p[ipv6_header + 3] = static_cast<std::uint8_t>(sum);
    return p;
}

} // namespace

std::vector<ArpAnswer> probe_vips6(std::span<const InstanceView> instances, const Host& host,
                                   std::chrono::milliseconds wait) {
    std::vector<ArpAnswer> answers;
    for (const InstanceView& v : instances) {
        const HostInterface* itf = host.find(v.interface);
        const bool any_v6 = std::any_of(v.vips.begin(), v.vips.end(), [](const net::IpAddress& a) { return a.is_v6(); });
        if (itf == nullptr || !itf->up || !any_v6) {
            continue;
        }
        const UniqueFd fd = open_packet_socket(ETH_P_IPV6, itf->index);
        if (!fd) {
            continue;
        }
        for (const net::IpAddress& vip : v.vips) {
            if (vip.is_v6()) {
                const auto packet = solicitation_for(vip);
                // 33:33 and the group's last four bytes (RFC 2464 section 7)
                send_to(fd, itf->index, ETH_P_IPV6, Mac{0x33, 0x33, 0xff, packet[37], packet[38], packet[39]}, packet);
            }
        }
        receive_for(fd, wait, [&](std::span<const std::uint8_t> frame, const sockaddr_ll& from) {
            if (frame.size() < ipv6_header + ns_size || from.sll_pkttype == PACKET_OUTGOING || frame[6] != icmpv6 ||
                frame[ipv6_header] != neighbor_advertisement || from.sll_halen != 6) {
                return;
            }
            std::array<std::uint8_t, 16> target{};
            std::copy_n(frame.begin() + ipv6_header + 8, 16, target.begin());
            ArpAnswer a;
            a.address = net::IpAddress::v6(target);
            std::copy_n(from.sll_addr, 6, a.mac.begin());
            add_answer(answers, a);
        });
    }
    return answers;
}

} // namespace vigil::doctor
