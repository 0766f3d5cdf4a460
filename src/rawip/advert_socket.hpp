#pragma once
// Sending and receiving VRRP adverts (IP protocol 112, or 51 with AH) on one interface and
// family. A small interface so that the daemon can be tested with a fake; the real one is
// RawAdvertSocket. Packets are bytes: the codec (src/vrrp/codec.hpp) builds and checks them.

#include "vrrp/advert.hpp"
#include "net/ip_address.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

namespace vigil::rawip {

// What a socket is for: keepalived's sockpool key (reference §8). All instances on the same
// interface, family, protocol, mode and group/source share one socket pair.
struct AdvertEndpoint {
    int ifindex = 0;
    net::Family family = net::Family::ipv4;
    std::uint8_t protocol = vrrp::ip_protocol_vrrp; // or ip_protocol_ah (IPv4 v2 auth AH)
    // Unicast mode (unicast peers configured): receive only what is sent to this address and
    // join no group. Multicast mode when nullopt.
    std::optional<net::IpAddress> unicast_source;
    // Multicast mode: the group joined and bound (224.0.0.18, ff02::12 or mcast_dst_ip).
    net::IpAddress multicast_group = vrrp::vrrp_multicast_v4;

    friend bool operator==(const AdvertEndpoint&, const AdvertEndpoint&) = default;
};

// One received packet and what the kernel said about it.
struct ReceivedAdvert {
    // IPv4: the whole IP packet (header included, as decode_ipv4 wants it).
    // IPv6: the VRRP message (the kernel strips the header; decode_ipv6).
    std::span<const std::byte> packet;
    net::IpAddress source;
    net::IpAddress destination;     // IP_PKTINFO / IPV6_PKTINFO
    std::optional<std::uint8_t> ttl; // IPv4 header TTL / IPV6_HOPLIMIT
    int ifindex = 0;                 // the receiving interface
};

// Where one advert goes.
struct AdvertDestination {
    net::IpAddress address; // the group or a unicast peer
    // IPv6 only (IPv4 carries both in the header the codec built): the source address
    // (IPV6_PKTINFO) and the hop limit (IPV6_HOPLIMIT; 255, or unicast_ttl).
    net::IpAddress source;
    std::uint8_t hop_limit = vrrp::vrrp_ttl;
};

// Reusable room for a batch of received packets: `slots` buffers of `slot_size` bytes and a
// ReceivedAdvert for each. Allocated once; the buffers are left uninitialised so that room the
// kernel never writes costs no resident memory.
class ReceiveBatch {
public:
    ReceiveBatch(std::size_t slots, std::size_t slot_size)
        : slot_size_(slot_size), bytes_(std::make_unique_for_overwrite<std::byte[]>(slots * slot_size)),
          adverts_(slots) {}

    std::size_t slots() const noexcept { return adverts_.size(); }
    std::span<std::byte> slot(std::size_t i) noexcept {
        return {bytes_.get() + i * slot_size_, slot_size_};
    }
    ReceivedAdvert& operator[](std::size_t i) noexcept { return adverts_[i]; }
    const ReceivedAdvert& operator[](std::size_t i) const noexcept { return adverts_[i]; }

private:
    std::size_t slot_size_;
    std::unique_ptr<std::byte[]> bytes_;
    std::vector<ReceivedAdvert> adverts_;
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

    // Reads up to batch.slots() pending packets into the batch's slots; batch[0] ..
    // batch[count - 1] describe them as receive() does (their `packet` spans point into the
    // slots). Sets `count` to the number read; returns the error that
    // stopped it when none was read (resource_unavailable_try_again: nothing pending).
    // Packets that did not fit their slot are dropped (not counted). count < slots(): the
    // queue was empty (or held only packets too large); a level-triggered reader is woken
    // again for anything left. Never throws. This default calls receive() per packet.
    virtual std::error_code receive_batch(ReceiveBatch& batch, std::size_t& count) noexcept {
        count = 0;
        while (count < batch.slots()) {
            const std::error_code ec = receive(batch.slot(count), batch[count]);
            if (ec == std::errc::message_size) {
                continue;
            }
            if (ec) {
                return count == 0 ? ec : std::error_code{};
            }
            ++count;
        }
        return {};
    }

    // Sends one advert. IPv4: `packet` is the complete IP packet (IP_HDRINCL). IPv6: the VRRP
    // message with a zero checksum; the kernel fills it (IPV6_CHECKSUM 6). Never throws.
    virtual std::error_code send(std::span<const std::byte> packet,
                                 const AdvertDestination& to) noexcept = 0;

protected:
    AdvertSocket() = default;
    AdvertSocket(const AdvertSocket&) = default;
    AdvertSocket& operator=(const AdvertSocket&) = default;
};

} // namespace vigil::rawip
