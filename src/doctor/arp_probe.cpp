// ARP probes for the IPv4 VIPs (RFC 5227 section 2.1.1: sender IP 0.0.0.0, so no neighbour
// cache learns anything), answers collected on the same AF_PACKET socket.
#include "doctor/packet_socket.hpp"

#include <linux/if_ether.h>

#include <algorithm>
#include <array>

namespace vigil::doctor {
namespace {

constexpr std::size_t arp_size = 28;

std::array<std::uint8_t, arp_size> probe_for(const Mac& mac, const net::IpAddress& vip) {
    std::array<std::uint8_t, arp_size> p{};
    p[1] = 1;    // hardware type Ethernet
    p[2] = 0x08; // protocol IPv4
    p[4] = 6;
    p[5] = 4;
    p[7] = 1; // request
    std::copy(mac.begin(), mac.end(), p.begin() + 8);
    // sender IP 0.0.0.0, target MAC zero
    const auto bytes = vip.bytes();
    std::copy_n(bytes.begin(), 4, p.begin() + 24);
    return p;
}

} // namespace

std::vector<ArpAnswer> probe_vips(std::span<const InstanceView> instances, const Host& host,
                                  std::chrono::milliseconds wait) {
    std::vector<ArpAnswer> answers;
    for (const InstanceView& v : instances) {
        const HostInterface* itf = host.find(v.interface);
        if (itf == nullptr || !itf->up || v.family != net::Family::ipv4) {
            continue;
        }
        const UniqueFd fd = open_packet_socket(ETH_P_ARP, itf->index);
        if (!fd) {
            continue;
        }
        for (const net::IpAddress& vip : v.vips) {
            if (vip.is_v4()) {
                send_to(fd, itf->index, ETH_P_ARP, Mac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, probe_for(itf->mac, vip));
            }
        }
        receive_for(fd, wait, [&](std::span<const std::uint8_t> frame, const sockaddr_ll&) {
            if (frame.size() < arp_size || frame[7] != 2) {
                return; // not a reply
            }
            ArpAnswer a;
            a.address = net::IpAddress::v4({frame[14], frame[15], frame[16], frame[17]});
            std::copy_n(frame.begin() + 8, 6, a.mac.begin());
            add_answer(answers, a);
        });
    }
    return answers;
}

} // namespace vigil::doctor
