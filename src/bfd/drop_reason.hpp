#pragma once
// Why a received Control packet was not processed, in the order the checks run: RFC 5880
// section 6.8.6 for the packet itself (plus keepalived 2.2.7's two extra checks), then the
// session checks of RFC 5880 section 6.8.6 and RFC 5881 section 5. Every reason has a name
// and a counter (SessionTable::drops()).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil::bfd {

enum class DropReason : std::uint8_t {
    none, // accepted
    // Stateless (decode), RFC 5880 section 6.8.6 order.
    too_short,               // fewer bytes than the 24-byte mandatory section
    version,                 // Version field is not 1
    length,                  // Length field < 24 (26 with A), or more than the bytes received
    zero_multiplier,         // Detect Mult is 0
    multipoint,              // M bit set
    zero_my_discriminator,   // My Discriminator is 0
    zero_your_discriminator, // Your Discriminator is 0 and State is neither Down nor AdminDown
    poll_and_final,          // P and F both set (section 4.1 forbids it; keepalived discards)
    diagnostic,              // Diag above 8 (reserved; keepalived discards)
    // Per session.
    unknown_discriminator, // Your Discriminator names no session
    no_session,            // Your Discriminator 0 and no session for the addresses
    ttl,                   // RFC 5881 section 5 (GTSM): TTL / Hop Limit below the minimum
    authentication,        // A bit set: no authentication is configured
    admin_down,            // the session is AdminDown: every packet is discarded
};

inline constexpr std::size_t drop_reason_count = 15;

// A stable snake_case name ("none", "too_short", ...) for logs, dumps and tests.
std::string_view drop_reason_name(DropReason reason) noexcept;

} // namespace vigil::bfd
