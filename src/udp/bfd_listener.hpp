#pragma once
// The BFD listening socket: UDP on port 3784 (RFC 5881, single hop) or 4784 (RFC 5883,
// multihop), one dual-stack AF_INET6 socket as keepalived 2.2.7 opens it (AF_INET when the
// kernel has no IPv6), with the received TTL / Hop Limit and destination address delivered
// as ancillary data for the checks of RFC 5881 section 5 and the demultiplexing of RFC 5880
// section 6.3.

#include "bfd/received_packet.hpp"
#include "util/unique_fd.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace vigil::udp {

inline constexpr std::uint16_t bfd_single_hop_port = 3784;
inline constexpr std::uint16_t bfd_multihop_port = 4784;

class BfdListener {
public:
    // Opens and binds the socket (non-blocking, close-on-exec). On failure returns nullopt
    // with a description in `error` ("bind() error (Address already in use)").
    static std::optional<BfdListener> open(bfd::Hop hop, std::string& error);

    int fd() const noexcept { return fd_.get(); }
    bfd::Hop hop() const noexcept { return hop_; }

    // Reads one queued datagram into the listener's buffer; nullopt when none is queued or
    // on an error (counted). The packet's payload refers to the buffer until the next read.
    std::optional<bfd::ReceivedPacket> read() noexcept;

    std::uint64_t errors() const noexcept { return errors_; }
    std::uint64_t truncated() const noexcept { return truncated_; }

private:
    BfdListener(UniqueFd fd, bfd::Hop hop) noexcept : fd_(std::move(fd)), hop_(hop) {}

    UniqueFd fd_;
    bfd::Hop hop_;
    // Control packets are 24 bytes (more with authentication); anything longer than this is
    // not BFD and is discarded as truncated.
    std::array<std::byte, 512> buffer_{};
    std::uint64_t errors_ = 0;
    std::uint64_t truncated_ = 0;
};

} // namespace vigil::udp
