#pragma once
// What the BFD core asks the outside world to do, as data. The caller drains the list after
// each event: it encodes and sends packets, and forwards Up/Down reports to the VRRP and
// checker children.

#include "bfd/control_packet.hpp"
#include "bfd/state.hpp"

#include <cstdint>
#include <variant>
#include <vector>

namespace vigil::bfd {

using SessionId = std::uint32_t;

// Send one Control packet to the session's neighbour from its socket.
struct SendControl {
    SessionId session = 0;
    ControlPacket packet;
};

// The session's state changed (for dumps, statistics and tests; the core logs it).
struct StateChange {
    SessionId session = 0;
    SessionState from = SessionState::down;
    SessionState to = SessionState::down;
    Diagnostic local_diagnostic = Diagnostic::none;
    Diagnostic remote_diagnostic = Diagnostic::none;
};

// Tell the session's consumers (VRRP, checker) whether it is Up. Emitted as keepalived
// 2.2.7 does: on entering Up, on leaving Up unless the remote system signalled AdminDown
// (RFC 5882 section 3.2: that is not a path failure), and for every session at start-up
// and after a reload.
enum class Reported : std::uint8_t { down, up };
struct ReportState {
    SessionId session = 0;
    Reported state = Reported::down;
};

using Action = std::variant<SendControl, StateChange, ReportState>;
using Actions = std::vector<Action>;

} // namespace vigil::bfd
