#include "probe/connect_status.hpp"

#include <cerrno>

namespace vigil::probe {

ConnectStatus classify_connect_errno(int error) noexcept {
    switch (error) {
    case 0: return ConnectStatus::connected;
    case EINPROGRESS: return ConnectStatus::in_progress;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ECONNREFUSED:
    case EHOSTDOWN:
    case ENETDOWN:
    case ECONNRESET:
    case ECONNABORTED:
    case ETIMEDOUT: return ConnectStatus::failed;
    default: return ConnectStatus::error;
    }
}

ConnectStatus classify_socket_error(int so_error) noexcept {
    switch (so_error) {
    case -1: return ConnectStatus::error;
    case 0: return ConnectStatus::connected;
    case EINPROGRESS: return ConnectStatus::in_progress;
    case ETIMEDOUT: return ConnectStatus::timed_out;
    default: return ConnectStatus::failed;
    }
}

} // namespace vigil::probe
