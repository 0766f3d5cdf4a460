#pragma once
// The AgentX sub-agent's transport: a non-blocking stream socket to the master agent that
// drives an AgentxSession, and reconnects (1 s, doubling to 16 s) whenever the master goes
// away or stops answering, so that restarting snmpd under a running daemon only interrupts
// SNMP for a moment (keepalived waits up to its 120 s ping interval; keepalived #2195, #2726).
//
// It is loop-agnostic: the owner watches fd() (readable always, writable while
// wants_write()), calls on_io() when it is ready and on_timer() at deadline(). The fd
// changes on every reconnect; `on_fd_change(old, new)` (-1: none) lets the owner move its
// watch. Nothing here blocks except resolving a TCP host name (startup-time configuration;
// numeric addresses never block).

#include "snmp/agentx_address.hpp"
#include "snmp/agentx_session.hpp"
#include "util/unique_fd.hpp"

#include <chrono>
#include <functional>

namespace vigil::snmp {

class AgentxClient {
public:
    using Clock = AgentxSession::Clock;
    using TimePoint = AgentxSession::TimePoint;
    using FdChange = std::function<void(int old_fd, int new_fd)>;

    static constexpr auto first_retry = std::chrono::seconds(1);
    static constexpr auto max_retry = std::chrono::seconds(16);
    static constexpr auto connect_timeout = std::chrono::seconds(5);

    AgentxClient(AgentxAddress master, AgentxSession& session, FdChange on_fd_change);
    ~AgentxClient();
    AgentxClient(const AgentxClient&) = delete;
    AgentxClient& operator=(const AgentxClient&) = delete;

    // Connects now (and again after every loss).
    void start(TimePoint now);
    // Sends Close to the master and closes the socket (shutdown).
    void stop() noexcept;

    int fd() const noexcept { return fd_.get(); }
    bool wants_write() const noexcept;
    // The socket is readable/writable/in error (`events`: EPOLLIN/EPOLLOUT/EPOLLERR/EPOLLHUP bits).
    void on_io(std::uint32_t events, TimePoint now);
    TimePoint deadline() const noexcept;
    void on_timer(TimePoint now);

    // Flushes what the session wrote (after notify() or anything else that sends).
    void flush(TimePoint now);

private:
    void connect(TimePoint now);
    void connected(TimePoint now);
    void lost(const char* why, TimePoint now);
    void set_fd(UniqueFd fd);

    AgentxAddress master_;
    AgentxSession& session_;
    FdChange on_fd_change_;
    UniqueFd fd_;
    bool connecting_ = false;
    bool stopped_ = true;
    bool warned_ = false;      // a failure to connect was logged since the last success
    bool established_ = false; // the session became ready on this connection
    std::chrono::milliseconds retry_{first_retry};
    TimePoint reconnect_at_ = TimePoint::max();
    TimePoint connect_deadline_ = TimePoint::max(); // while connecting_
};

} // namespace vigil::snmp
