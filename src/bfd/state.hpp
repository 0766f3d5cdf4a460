#pragma once
// The session states and diagnostic codes of RFC 5880 section 4.1, with the words keepalived
// 2.2.7 logs for them ("(B1) Entering Down state (Local diagnostic - ...").

#include <cstdint>
#include <string_view>

namespace vigil::bfd {

// RFC 5880 section 4.1 "State (Sta)": the wire values.
enum class SessionState : std::uint8_t { admin_down = 0, down = 1, init = 2, up = 3 };

// RFC 5880 section 4.1 "Diagnostic (Diag)": 0-8 are assigned; 9-31 are reserved and a
// packet carrying one is discarded (keepalived 2.2.7 does the same).
enum class Diagnostic : std::uint8_t {
    none = 0,
    control_expired = 1,
    echo_failed = 2,
    neighbor_down = 3,
    forwarding_reset = 4,
    path_down = 5,
    concatenated_path_down = 6,
    admin_down = 7,
    reverse_concatenated_path_down = 8,
};

inline constexpr std::uint8_t max_diagnostic = 8;

constexpr std::string_view to_string(SessionState state) noexcept {
    switch (state) {
    case SessionState::admin_down:
        return "AdminDown";
    case SessionState::down:
        return "Down";
    case SessionState::init:
        return "Init";
    case SessionState::up:
        return "Up";
    }
    return "Unknown";
}

constexpr std::string_view to_string(Diagnostic diagnostic) noexcept {
    switch (diagnostic) {
    case Diagnostic::none:
        return "No Diagnostic";
    case Diagnostic::control_expired:
        return "Control Detection Time Expired";
    case Diagnostic::echo_failed:
        return "Echo Function Failed";
    case Diagnostic::neighbor_down:
        return "Neighbor Signaled Session Down";
    case Diagnostic::forwarding_reset:
        return "Forwarding Plane Reset";
    case Diagnostic::path_down:
        return "Path Down";
    case Diagnostic::concatenated_path_down:
        return "Concatenated Path Down";
    case Diagnostic::admin_down:
        return "Administratively Down";
    case Diagnostic::reverse_concatenated_path_down:
        return "Reverse Concatenated Path Down";
    }
    return "Unknown";
}

} // namespace vigil::bfd
