#pragma once
// Sending and receiving VRRP adverts (IP protocol 112, or 51 with AH) on one interface and
// family. A small interface so that the daemon can be tested with a fake; the real one is
// RawAdvertSocket. Packets are bytes: the codec (src/vrrp/codec.hpp) builds and checks them.

#include "vrrp/advert.hpp"
#include "vrrp/ip_address.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>

namespace vigil::daemon {

// What a socket is for: keepalived's sockpool key (reference §8). All instances on the same
// interface, family, protocol, mode and group/source share one socket pair.
struct AdvertEndpoint {
    int ifindex = 0;
    vrrp::Family family = vrrp::Family::ipv4;
    std::uint8_t protocol = vrrp::ip_protocol_vrrp; // or ip_protocol_ah (IPv4 v2 auth AH)
    // Unicast mode (unicast peers configured): receive only what is sent to this address and
    // join no group. Multicast mode when nullopt.
    std::optional<vrrp::IpAddress> unicast_source;
    // Multicast mode: the group joined and bound (224.0.0.18, ff02::12 or mcast_dst_ip).
    vrrp::IpAddress multicast_group = vrrp::vrrp_multicast_v4;

    friend bool operator==(const AdvertEndpoint&, const AdvertEndpoint&) = default;
};

// One received packet and what the kernel said about it.
struct ReceivedAdvert {
    // IPv4: the whole IP packet (header included, as decode_ipv4 wants it).
    // IPv6: the VRRP message (the kernel strips the header; decode_ipv6).
    std::span<const std::byte> packet;
    vrrp::IpAddress source;
    vrrp::IpAddress destination;     // IP_PKTINFO / IPV6_PKTINFO
    std::optional<std::uint8_t> ttl; // IPv4 header TTL / IPV6_HOPLIMIT
    int ifindex = 0;                 // the receiving interface
};

// Where one advert goes.
struct AdvertDestination {
    vrrp::IpAddress address; // the group or a unicast peer
    // IPv6 only (IPv4 carries both in the header the codec built): the source address
    // (IPV6_PKTINFO) and the hop limit (IPV6_HOPLIMIT; 255, or unicast_ttl).
    vrrp::IpAddress source;
    std::uint8_t hop_limit = vrrp::vrrp_ttl;
};

class AdvertSocket {
public:
    virtual ~AdvertSocket() = default;

    // The receive fd, for EventLoop::add_reader (non-blocking).
    virtual int fd() const noexcept = 0;

    // Reads one pending packet into `buffer` and describes it in `out` (out.packet points
    // into `buffer`). Returns std::errc::resource_unavailable_try_again when nothing is
    // pending, std::errc::message_size when the packet did not fit. Never throws.
    virtual std::error_code receive(std::span<std::byte> buffer, ReceivedAdvert& out) noexcept = 0;

    // Sends one advert. IPv4: `packet` is the complete IP packet (IP_HDRINCL). IPv6: the VRRP
    // message with a zero checksum; the kernel fills it (IPV6_CHECKSUM 6). Never throws.
    virtual std::error_code send(std::span<const std::byte> packet,
                                 const AdvertDestination& to) noexcept = 0;

protected:
    AdvertSocket() = default;
    AdvertSocket(const AdvertSocket&) = default;
    AdvertSocket& operator=(const AdvertSocket&) = default;
};

} // namespace vigil::daemon
