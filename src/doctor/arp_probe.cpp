// ARP probes for the IPv4 VIPs (RFC 5227 section 2.1.1: sender IP 0.0.0.0, so no neighbour
// cache learns anything), answers collected on the same AF_PACKET socket.
#include "doctor/checks.hpp"

#include "util/unique_fd.hpp"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>

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
        UniqueFd fd{::socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ARP))};
        if (!fd) {
            continue;
        }
        sockaddr_ll to{};
        to.sll_family = AF_PACKET;
        to.sll_protocol = htons(ETH_P_ARP);
        to.sll_ifindex = static_cast<int>(itf->index);
        if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
            continue;
        }
        to.sll_halen = 6;
        std::fill_n(to.sll_addr, 6, 0xff);
        for (const net::IpAddress& vip : v.vips) {
            if (vip.is_v4()) {
                const auto frame = probe_for(itf->mac, vip);
                (void)::sendto(fd.get(), frame.data(), frame.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                               sizeof to);
            }
        }
        const auto deadline = std::chrono::steady_clock::now() + wait;
        std::array<std::uint8_t, 256> buffer{};
        for (;;) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                break;
            }
            pollfd p{fd.get(), POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
                continue;
            }
            const ssize_t n = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
            if (n < static_cast<ssize_t>(arp_size) || buffer[7] != 2) {
                continue; // not a reply
            }
            ArpAnswer a;
            a.address = net::IpAddress::v4({buffer[14], buffer[15], buffer[16], buffer[17]});
            std::copy_n(buffer.begin() + 8, 6, a.mac.begin());
            if (std::none_of(answers.begin(), answers.end(),
                             [&](const ArpAnswer& o) { return o.address == a.address && o.mac == a.mac; })) {
                answers.push_back(a);
            }
        }
    }
    return answers;
}

} // namespace vigil::doctor
