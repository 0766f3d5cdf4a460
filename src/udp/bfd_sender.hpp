#pragma once
// One session's output socket (RFC 5881 section 4 / RFC 5883 section 5): UDP from a source
// port in 49152-65535 (see port_range.hpp), to the neighbour's port 3784 or 4784, with the
// session's TTL / Hop Limit (255 for single hop, RFC 5881 section 5). Bound to the
// configured source address, or to the wildcard address when there is none (keepalived
// 2.2.7 leaves such a socket unbound, so the kernel picks a port outside the range).

#include "bfd/session_settings.hpp"
#include "udp/port_range.hpp"
#include "udp/socket_address.hpp"
#include "util/unique_fd.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace vigil::udp {

class BfdSender {
public:
    // Opens the socket. `first_port` (any value) picks where the search for a free port in
    // `range` starts; the caller passes a random one. On failure returns nullopt with a
    // description in `error`.
    static std::optional<BfdSender> open(const bfd::SessionSettings& settings, PortRange range,
                                         std::uint32_t first_port, std::string& error);

    int fd() const noexcept { return fd_.get(); }
    std::uint16_t source_port() const noexcept { return source_port_; }

    // Sends one packet; false (errno kept) if the kernel refused it.
    bool send(std::span<const std::byte> packet) noexcept;

private:
    BfdSender(UniqueFd fd, SocketAddress destination, std::uint16_t port) noexcept
        : fd_(std::move(fd)), destination_(destination), source_port_(port) {}

    UniqueFd fd_;
    SocketAddress destination_;
    std::uint16_t source_port_;
};

} // namespace vigil::udp
