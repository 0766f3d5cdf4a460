#include "arp/packet_announcer.hpp"

#include "util/log.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

namespace vigil::arp {
namespace {

constexpr auto forwarding_recheck = std::chrono::seconds(5);

// keepalived opens two, with ETH_P_ARP and ETH_P_IPV6, and so also queues every received
// frame of those protocols. This one only sends: protocol 0 receives nothing, and sendto()
// names the protocol in sockaddr_ll, so one socket serves ARP and NDISC alike (the frames on
// the wire are the same). One also matters at exit: closing an AF_PACKET socket waits for an
// RCU grace period (synchronize_net), 10-15 ms each on the development VM.
UniqueFd open_packet_socket() {
    UniqueFd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        throw std::system_error(errno, std::system_category(), "AF_PACKET socket");
    }
    return fd;
}

template <std::size_t N>
std::array<std::uint8_t, N> to_array(std::span<const std::uint8_t> bytes) noexcept {
    std::array<std::uint8_t, N> out{};
    std::copy_n(bytes.begin(), std::min(N, bytes.size()), out.begin());
    return out;
}

} // namespace

PacketAnnouncer::PacketAnnouncer()
    : socket_(open_packet_socket()) {}

std::error_code PacketAnnouncer::send_frame(const UniqueFd& socket, int ifindex,
                                            std::uint16_t ethertype,
                                            std::span<const std::uint8_t> frame) noexcept {
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(ethertype);
    to.sll_ifindex = ifindex;
    to.sll_halen = ETH_ALEN;
    std::memcpy(to.sll_addr, frame.data(), ETH_ALEN); // the frame's destination MAC
    const ssize_t n = ::sendto(socket.get(), frame.data(), frame.size(), 0,
                               reinterpret_cast<const sockaddr*>(&to), sizeof to);
    if (n < 0) {
        return {errno, std::system_category()};
    }
    return {};
}

std::error_code PacketAnnouncer::announce(const AnnounceLink& link,
                                          const net::IpAddress& address) noexcept {
    if (address.is_v4()) {
        log::detail("Sending gratuitous ARP on {} for {}", link.name, address);
        const auto frame = build_gratuitous_arp(link.mac, to_array<4>(address.bytes()));
        auto error = send_frame(socket_, link.ifindex, ethertype_arp, frame);
        if (error) {
            log::info("Error sending gratuitous ARP on {} for {}", link.name, address);
        }
        return error;
    }
    log::detail("Sending unsolicited Neighbour Advert on {} for {}", link.name, address);
    const auto frame =
        build_unsolicited_na(link.mac, to_array<16>(address.bytes()), router_flag(link));
    auto error = send_frame(socket_, link.ifindex, ethertype_ipv6, frame);
    if (error) {
        log::info("Error sending ndisc unsolicited neighbour advert on {} for {}", link.name,
                  address);
    }
    return error;
}

RouterFlag PacketAnnouncer::router_flag(const AnnounceLink& link) noexcept {
    const auto now = std::chrono::steady_clock::now();
    auto it = std::find_if(forwarding_.begin(), forwarding_.end(),
                           [&](const Forwarding& f) { return f.ifindex == link.ifindex; });
    if (it != forwarding_.end() && now - it->checked < forwarding_recheck) {
        return it->flag;
    }
    const RouterFlag flag = read_ipv6_forwarding(link.name);
    if (it != forwarding_.end()) {
        *it = Forwarding{link.ifindex, now, flag};
    } else {
        try {
            forwarding_.push_back(Forwarding{link.ifindex, now, flag});
        } catch (...) {
            // Not cached: read again next time.
        }
    }
    return flag;
}

RouterFlag read_ipv6_forwarding(std::string_view ifname) noexcept {
    char path[128];
    const int len = std::snprintf(path, sizeof path, "/proc/sys/net/ipv6/conf/%.*s/forwarding",
                                  static_cast<int>(ifname.size()), ifname.data());
    if (len <= 0 || static_cast<std::size_t>(len) >= sizeof path) {
        return RouterFlag::clear;
    }
    UniqueFd fd(::open(path, O_RDONLY | O_CLOEXEC));
    char value = '0';
    if (!fd || ::read(fd.get(), &value, 1) != 1) {
        return RouterFlag::clear;
    }
    return value == '0' ? RouterFlag::clear : RouterFlag::set;
}

} // namespace vigil::arp
