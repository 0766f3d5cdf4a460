#pragma once
// AdvertSocket over a pair of raw IP sockets, set up as keepalived does (reference §8):
//  receive: IP(V6)_MULTICAST_ALL 0; multicast: join the group on the ifindex and bind() to
//           the group so that unicast is not received; unicast: bind() to the source;
//           SO_BINDTODEVICE; IPv6: IPV6_RECVHOPLIMIT, IPV6_RECVPKTINFO, IPV6_CHECKSUM 6.
//  send:    receives nothing (SO_RCVBUF 0 + a drop-all BPF filter); SO_BINDTODEVICE;
//           IPv4 IP_HDRINCL and IP_TOS 0xc0; IPv6 IPV6_CHECKSUM 6, IPV6_MULTICAST_HOPS 255,
//           IPV6_TCLASS 0xc0; multicast IP(V6)_MULTICAST_IF and MULTICAST_LOOP 0, sent with
//           MSG_DONTROUTE; IPv6 sendmsg() carries IPV6_PKTINFO (source) and IPV6_HOPLIMIT.

#include "rawip/advert_socket.hpp"
#include "util/unique_fd.hpp"

#include <memory>

namespace vigil::rawip {

class RawAdvertSocket final : public AdvertSocket {
public:
    // Opens both sockets. Throws std::system_error naming the failing step (start-up or
    // reload; needs CAP_NET_RAW).
    explicit RawAdvertSocket(const AdvertEndpoint& endpoint);

    int fd() const noexcept override { return receive_.get(); }
    std::error_code receive(std::span<std::byte> buffer, ReceivedAdvert& out) noexcept override;
    // One recvmmsg() for the whole batch (at most max_batch packets).
    std::error_code receive_batch(ReceiveBatch& batch, std::size_t& count) noexcept override;
    static constexpr std::size_t max_batch = 32;
    std::error_code send(std::span<const std::byte> packet,
                         const AdvertDestination& to) noexcept override;

    const AdvertEndpoint& endpoint() const noexcept { return endpoint_; }

private:
    std::error_code send_ipv4(std::span<const std::byte> packet,
                              const AdvertDestination& to) noexcept;
    std::error_code send_ipv6(std::span<const std::byte> packet,
                              const AdvertDestination& to) noexcept;

    AdvertEndpoint endpoint_;
    UniqueFd receive_;
    UniqueFd send_;
};

// The production factory for AdvertSocketPool.
std::unique_ptr<AdvertSocket> open_raw_advert_socket(const AdvertEndpoint& endpoint);

} // namespace vigil::rawip
