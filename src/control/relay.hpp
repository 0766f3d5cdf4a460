#pragma once
// Relays control requests to another control server: the parent's socket hands the VRRP
// process's requests (status, explain, stats, events, metrics, reload), and the checker
// process's (status, stats, metrics with params.process "checker"), to the socket that
// process serves, and passes its reply back, in order, to the client that asked; for
// `events --follow` it then passes every event line until either side closes.
//
// Contract:
//  - one upstream connection per forwarded request (a Unix stream socket, non-blocking,
//    connected at once or not at all); the client's next request is read only after the
//    reply (Server's deferred replies keep the order);
//  - never blocks: a request line is small (control::max_request_line) and goes into the
//    empty send buffer of a new socket in one send(); replies are read as they come, at most
//    read_chunk per wake-up per upstream;
//  - bounded: a reply line longer than max_reply_line, or no reply within reply_timeout,
//    ends the upstream and answers the client with error `failed`; an upstream whose client
//    has gone is closed at the next line or sweep.

#include "control/protocol.hpp"
#include "control/server.hpp"
#include "runtime/event_loop.hpp"
#include "util/unique_fd.hpp"

#include <chrono>
#include <list>
#include <string>

namespace vigil::control {

class Relay {
public:
    static constexpr std::chrono::seconds reply_timeout{40}; // a reload waits up to 30 s
    static constexpr std::size_t read_chunk = 64 * 1024;
    static constexpr std::size_t max_reply_line = 64 * 1024 * 1024;

    // `who` names the upstream in the errors given to clients ("the VRRP process").
    Relay(runtime::EventLoop& loop, Server& server, std::string upstream_path, std::string who);
    ~Relay();
    Relay(const Relay&) = delete;
    Relay& operator=(const Relay&) = delete;

    // Sends `request` upstream on behalf of `client`: true when it went (the reply will be
    // given with Server::reply), false with `error` set when the upstream cannot be reached
    // (the caller answers the client itself).
    bool forward(ClientId client, const Request& request, std::string& error) noexcept;

    std::size_t pending() const noexcept { return upstreams_.size(); }
    // After fork(), in the child: closes the upstream sockets without touching the loop.
    void abandon() noexcept;

private:
    struct Upstream {
        ClientId client;
        Json id;
        UniqueFd fd;
        std::string input;
        runtime::TimePoint deadline{}; // for the reply; none once replied
        bool replied = false;
    };
    using Iterator = std::list<Upstream>::iterator;

    void on_readable(Iterator u) noexcept;
    // Ends an upstream; answers its client with `failed` and `why` if it had no reply yet.
    void finish(Iterator u, std::string_view why) noexcept;
    void sweep() noexcept;

    runtime::EventLoop& loop_;
    Server& server_;
    std::string path_;
    std::string who_;
    std::list<Upstream> upstreams_;
    runtime::TimerId sweep_timer_;
};

} // namespace vigil::control
