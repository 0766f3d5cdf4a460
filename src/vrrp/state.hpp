#pragma once
// Instance and sync-group states, numbered as keepalived 2.2.7 numbers them (its JSON dump
// and FIFO consumers see these values).

#include <cstdint>
#include <string_view>

namespace vigil::vrrp {

// RFC 3768/5798 section 6.4 defines Initialize, Backup and Master; keepalived adds FAULT
// (a tracked failure) and, for notifications only, STOP and DELETED.
enum class State : std::uint8_t {
    init = 0,
    backup = 1,
    master = 2,
    fault = 3,
    deleted = 97, // notify only: the instance vanished on reload and notify_deleted is set
    stop = 98,    // notify only: the daemon shut down
};

// keepalived's upper-case word, as used in log lines, notify arguments and FIFO lines.
constexpr std::string_view to_string(State state) noexcept {
    switch (state) {
    case State::init:
        return "INIT";
    case State::backup:
        return "BACKUP";
    case State::master:
        return "MASTER";
    case State::fault:
        return "FAULT";
    case State::deleted:
        return "DELETED";
    case State::stop:
        return "STOP";
    }
    return "UNKNOWN";
}

} // namespace vigil::vrrp
