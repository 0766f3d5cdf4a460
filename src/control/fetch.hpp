#pragma once
// One request to another process's control socket from an event loop, its reply handed to a
// callback: the VRRP process's /metrics asks the checker process for its families this way
// (docs/architecture.md "The control socket and /metrics").
//
// Contract: never blocks (connect_now, one send() of a small line into an empty socket
// buffer, replies read as they come); `done` is called exactly once, with the reply's
// "result" or nullptr (nothing serves the path, an error reply, a reply over max_reply, or
// none within the timeout), possibly before get() returns; destroying the Fetch drops the
// requests in flight without calling their callbacks.

#include "control/json.hpp"
#include "control/protocol.hpp"
#include "runtime/event_loop.hpp"
#include "util/unique_fd.hpp"

#include <chrono>
#include <functional>
#include <list>
#include <string>

namespace vigil::control {

class Fetch {
public:
    static constexpr std::size_t max_reply = 16 * 1024 * 1024;
    using Done = std::function<void(const Json* result)>;

    // Each request waits at most `timeout` for its reply.
    Fetch(runtime::EventLoop& loop, std::chrono::milliseconds timeout);
    ~Fetch();
    Fetch(const Fetch&) = delete;
    Fetch& operator=(const Fetch&) = delete;

    void get(const std::string& path, const Request& request, Done done) noexcept;

private:
    struct Pending {
        UniqueFd fd;
        std::string input;
        runtime::TimePoint deadline{};
        Done done;
    };
    using Iterator = std::list<Pending>::iterator;

    void on_readable(Iterator p) noexcept;
    void finish(Iterator p, const Json* result) noexcept;
    void sweep() noexcept;

    runtime::EventLoop& loop_;
    std::chrono::milliseconds timeout_;
    std::list<Pending> pending_;
    runtime::TimerId sweep_timer_;
};

} // namespace vigil::control
