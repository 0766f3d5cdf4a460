#pragma once
// Announcer over AF_PACKET SOCK_RAW sockets (reference §8 "GARP/NA sockets"): complete
// Ethernet frames from frames.hpp, sent with sendto() to a sockaddr_ll naming the ifindex.
// With -D each frame logs keepalived's "Sending gratuitous ARP on IF for A" /
// "Sending unsolicited Neighbour Advert on IF for A".
//
// The NA Router flag follows net.ipv6.conf.IF.forwarding, re-read at most every 5 s per
// interface as keepalived does.

#include "arp/announcer.hpp"
#include "arp/frames.hpp"
#include "util/unique_fd.hpp"

#include <chrono>
#include <span>
#include <vector>

namespace vigil::arp {

class PacketAnnouncer final : public Announcer {
public:
    // Opens the two packet sockets. Throws std::system_error (start-up; needs CAP_NET_RAW).
    PacketAnnouncer();

    std::error_code announce(const AnnounceLink& link,
                             const net::IpAddress& address) noexcept override;

private:
    RouterFlag router_flag(const AnnounceLink& link) noexcept;
    std::error_code send_frame(const UniqueFd& socket, int ifindex, std::uint16_t ethertype,
                               std::span<const std::uint8_t> frame) noexcept;

    struct Forwarding {
        int ifindex = 0;
        std::chrono::steady_clock::time_point checked{};
        RouterFlag flag = RouterFlag::clear;
    };

    UniqueFd socket_; // AF_PACKET, send-only: ARP and NDISC frames
    std::vector<Forwarding> forwarding_;
};

// Reads net.ipv6.conf.IF.forwarding; RouterFlag::clear when unreadable.
RouterFlag read_ipv6_forwarding(std::string_view ifname) noexcept;

} // namespace vigil::arp
