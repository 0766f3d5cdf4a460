#pragma once
// Drains the installed LogSinks' queues from an EventLoop, so that a process with a loop
// never waits for a slow log listener and loses no line (log_sinks.hpp).
//
// Contract:
//  - While it lives, the installed LogSinks (if any) delivers in LogDelivery::queue mode.
//  - While lines wait, the loop watches the sink's fd for EPOLLOUT (a journal stream, a tty,
//    and a connected AF_UNIX datagram socket whose peer's queue has room) and runs a retry
//    timer of 1 ms doubling to 50 ms, for fds that never report room and for a listener that
//    went away and comes back. Nothing is armed or watched while the queues are empty.
//  - Destroyed (the loop ends), delivery goes back to LogDelivery::wait: later lines and
//    those still queued wait (bounded) as at start-up; the process flushes before _exit.
//  - One LogPump per process at a time; it must be destroyed before its loop.

#include "runtime/event_loop.hpp"

#include <array>
#include <chrono>

namespace vigil::runtime {

class LogSinks;

class LogPump {
public:
    explicit LogPump(EventLoop& loop);
    ~LogPump();
    LogPump(const LogPump&) = delete;
    LogPump& operator=(const LogPump&) = delete;

    static constexpr std::chrono::milliseconds first_retry{1};
    static constexpr std::chrono::milliseconds last_retry{50};

private:
    void on_queued() noexcept;
    void pump() noexcept;
    void on_timer() noexcept;
    // Watches exactly the fds that have lines waiting.
    void sync_watches() noexcept;

    EventLoop& loop_;
    LogSinks* sinks_;
    TimerId timer_;
    std::chrono::milliseconds backoff_ = first_retry;
    std::array<int, 2> watched_{-1, -1}; // syslog, console
};

} // namespace vigil::runtime
