#pragma once
// How a non-blocking TCP or UDP connect() went, in keepalived's four outcomes
// (core/layer4.c socket_bind_connect, socket_state), so that every socket checker reports
// the same failure for the same errno.

#include <cstdint>

namespace vigil::probe {

enum class ConnectStatus : std::uint8_t {
    connected,    // established (or connect() returned 0)
    in_progress,  // EINPROGRESS: wait until writable, then ask SO_ERROR
    timed_out,    // SO_ERROR ETIMEDOUT, or the connect deadline passed
    failed,       // the peer or the network refused: unreachable, refused, reset...
    error,        // anything else: the check could not be run (bind, socket options...)
};

// connect() returned -1 with `error` (0: it returned 0).
ConnectStatus classify_connect_errno(int error) noexcept;
// The socket became writable and getsockopt(SO_ERROR) gave `so_error` (-1: getsockopt
// itself failed, which keepalived counts as `error`).
ConnectStatus classify_socket_error(int so_error) noexcept;

} // namespace vigil::probe
