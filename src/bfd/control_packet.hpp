#pragma once
// A BFD Control packet (RFC 5880 section 4.1) in host order. The codec builds it from the
// wire and writes it back; intervals are converted from the wire's microseconds once.

#include "bfd/state.hpp"
#include "bfd/timers.hpp"

#include <cstdint>

namespace vigil::bfd {

// The fixed part of a Control packet without authentication (RFC 5880 section 4.1).
inline constexpr std::size_t control_packet_size = 24;
// RFC 5880 section 6.8.6: with the A bit set the Length field must also cover the 2-byte
// start of an Authentication Section.
inline constexpr std::size_t control_packet_size_with_auth = 26;
inline constexpr std::uint8_t bfd_version = 1;

struct ControlPacket {
    std::uint8_t version = bfd_version;
    Diagnostic diagnostic = Diagnostic::none;
    SessionState state = SessionState::down;
    bool poll = false;                      // P
    bool final = false;                     // F
    bool control_plane_independent = false; // C
    bool authentication = false;            // A (the Authentication Section is not decoded)
    bool demand = false;                    // D
    bool multipoint = false;                // M
    std::uint8_t detect_mult = 0;
    std::uint8_t length = control_packet_size;
    std::uint32_t my_discriminator = 0;
    std::uint32_t your_discriminator = 0;
    Duration desired_min_tx{0};
    Duration required_min_rx{0};
    Duration required_min_echo_rx{0};

    friend bool operator==(const ControlPacket&, const ControlPacket&) = default;
};

} // namespace vigil::bfd
