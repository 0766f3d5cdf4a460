#pragma once
// A datagram read from a BFD listening socket, with the facts the receive checks need from
// its ancillary data.

#include "bfd/session_settings.hpp"
#include "net/ip_address.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace vigil::bfd {

struct ReceivedPacket {
    std::span<const std::byte> payload; // the UDP payload
    net::IpAddress source;
    std::uint16_t source_port = 0;
    // The local address it was sent to (IP_PKTINFO / IPV6_PKTINFO), if known.
    std::optional<net::IpAddress> destination;
    // Received TTL / Hop Limit (IP_RECVTTL / IPV6_RECVHOPLIMIT); 0 if the kernel gave none.
    std::uint8_t ttl = 0;
    Hop hop = Hop::single; // the port it arrived on: 3784 (single) or 4784 (multi)
};

} // namespace vigil::bfd
