// Listening for adverts: one AF_PACKET socket per interface in all-multicast mode, for the
// whole duration; every VRRP packet (IPv4 protocol 112 or AH, IPv6 next header 112) is
// decoded by the daemon's own codec. Packets this host sent show as outgoing.
#include "doctor/checks.hpp"

#include "util/unique_fd.hpp"
#include "vrrp/codec.hpp"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <set>

namespace vigil::doctor {
namespace {

struct Listener {
    std::string interface;
    UniqueFd fd;
};

UniqueFd open_listener(const HostInterface& itf) {
    UniqueFd fd{::socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL))};
    if (!fd) {
        return fd;
    }
    sockaddr_ll bind_to{};
    bind_to.sll_family = AF_PACKET;
    bind_to.sll_protocol = htons(ETH_P_ALL);
    bind_to.sll_ifindex = static_cast<int>(itf.index);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&bind_to), sizeof bind_to) != 0) {
        return UniqueFd{};
    }
    packet_mreq all{};
    all.mr_ifindex = static_cast<int>(itf.index);
    all.mr_type = PACKET_MR_ALLMULTI;
    (void)::setsockopt(fd.get(), SOL_PACKET, PACKET_ADD_MEMBERSHIP, &all, sizeof all);
    return fd;
}

std::optional<HeardAdvert> decode(std::span<const std::byte> bytes, std::uint16_t protocol) {
    vrrp::Decoded decoded;
    if (protocol == ETH_P_IP) {
        if (bytes.size() < 20 || (std::to_integer<int>(bytes[9]) != 112 && std::to_integer<int>(bytes[9]) != 51)) {
            return std::nullopt;
        }
        if (vrrp::decode_ipv4(bytes, decoded) != vrrp::DropReason::none &&
            decoded.meta.source == net::IpAddress{}) {
            return std::nullopt;
        }
    } else if (protocol == ETH_P_IPV6) {
        if (bytes.size() < 48 || std::to_integer<int>(bytes[6]) != 112) {
            return std::nullopt;
        }
        vrrp::Ipv6Envelope envelope;
        envelope.source = net::IpAddress::from_bytes(net::Family::ipv6, bytes.subspan(8, 16));
        envelope.destination = net::IpAddress::from_bytes(net::Family::ipv6, bytes.subspan(24, 16));
        envelope.hop_limit = std::to_integer<std::uint8_t>(bytes[7]);
        (void)vrrp::decode_ipv6(bytes.subspan(40), envelope, decoded);
        decoded.meta.source = envelope.source;
    } else {
        return std::nullopt;
    }
    HeardAdvert h;
    h.source = decoded.meta.source;
    h.vrid = decoded.advert.vrid;
    h.version = decoded.advert.version;
    h.priority = decoded.advert.priority;
    h.interval = std::chrono::duration_cast<std::chrono::microseconds>(decoded.advert.interval);
    h.auth_type = decoded.advert.auth_type;
    if (h.auth_type == 1) {
        const auto& d = decoded.advert.auth_data;
        h.auth_pass.assign(reinterpret_cast<const char*>(d.data()),
                           std::find(d.begin(), d.end(), std::uint8_t{0}) - d.begin());
    }
    h.addresses = decoded.advert.addresses;
    return h;
}

} // namespace

std::vector<HeardAdvert> listen_adverts(std::span<const InstanceView> instances, const Host& host,
                                        std::chrono::milliseconds duration) {
    std::set<std::string> names;
    for (const InstanceView& v : instances) {
        if (!v.interface.empty()) {
            names.insert(v.interface);
        }
    }
    std::vector<Listener> listeners;
    for (const std::string& name : names) {
        if (const HostInterface* itf = host.find(name); itf != nullptr && itf->up) {
            if (UniqueFd fd = open_listener(*itf)) {
                listeners.push_back({name, std::move(fd)});
            }
        }
    }
    std::vector<HeardAdvert> heard;
    const auto deadline = std::chrono::steady_clock::now() + duration;
    std::array<std::byte, 2048> buffer{};
    while (!listeners.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            break;
        }
        std::vector<pollfd> fds;
        for (const Listener& l : listeners) {
            fds.push_back({l.fd.get(), POLLIN, 0});
        }
        if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) <= 0) {
            continue;
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            for (;;) {
                sockaddr_ll from{};
                socklen_t from_len = sizeof from;
                const ssize_t n = ::recvfrom(listeners[i].fd.get(), buffer.data(), buffer.size(), 0,
                                             reinterpret_cast<sockaddr*>(&from), &from_len);
                if (n <= 0) {
                    break;
                }
                std::optional<HeardAdvert> h =
                    decode(std::span{buffer.data(), static_cast<std::size_t>(n)}, ntohs(from.sll_protocol));
                if (!h) {
                    continue;
                }
                h->interface = listeners[i].interface;
                h->outgoing = from.sll_pkttype == PACKET_OUTGOING;
                std::copy_n(from.sll_addr, 6, h->mac.begin());
                const auto same = std::find_if(heard.begin(), heard.end(), [&](const HeardAdvert& o) {
                    return o.interface == h->interface && o.source == h->source && o.vrid == h->vrid &&
                           o.priority == h->priority && o.outgoing == h->outgoing;
                });
                if (same != heard.end()) {
                    ++same->count;
                } else {
                    heard.push_back(std::move(*h));
                }
            }
        }
    }
    return heard;
}

} // namespace vigil::doctor
