#pragma once
// --metrics-listen=ADDR:PORT: a minimal HTTP/1.0 responder for Prometheus on the process's
// event loop (no threads: the metrics text is built on the loop from the live state, so no
// locking). GET (or HEAD) /metrics answers 200 with the text from the callback; other paths
// 404, other methods 405; every response ends the connection (Connection: close).
// Bounded like the control socket: non-blocking sockets, a request head of at most
// max_request bytes read within request_timeout, at most max_connections at once (more
// are closed at once), output sent as the socket takes it and dropped after request_timeout.

#include "runtime/event_loop.hpp"
#include "util/unique_fd.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace vigil::metrics {

// "192.0.2.1:9165", "[2001:db8::1]:9165", "localhost:9165"? (names are refused: an address),
// ":9165" (every IPv4 and IPv6 address). False when malformed.
struct ListenAddress {
    std::string host; // "" = any
    std::uint16_t port = 0;
};
bool parse_listen_address(std::string_view text, ListenAddress& out);

class HttpListener {
public:
    static constexpr std::size_t max_connections = 16;
    static constexpr std::size_t max_request = 8192;
    static constexpr std::chrono::seconds request_timeout{5};

    using Body = std::function<std::string()>;
    // More of the body that comes later (another process's families): called for each
    // GET/HEAD /metrics with a completion to call once, with the text to append ("" for
    // none), within request_timeout (the connection is closed otherwise); the response is
    // the body's text at that moment followed by it.
    using Completion = std::function<void(std::string more)>;
    using Extra = std::function<void(Completion)>;

    HttpListener(runtime::EventLoop& loop, Body body);
    ~HttpListener();
    HttpListener(const HttpListener&) = delete;
    HttpListener& operator=(const HttpListener&) = delete;

    [[nodiscard]] std::error_code listen(const ListenAddress& address);
    void set_extra(Extra extra) { extra_ = std::move(extra); }

    std::uint64_t requests() const noexcept { return requests_; }

private:
    struct Connection {
        UniqueFd fd;
        std::string input;
        std::string output;
        std::size_t sent = 0;
        runtime::TimePoint opened{};
        std::uint64_t serial = 0; // tells a completion for an earlier connection of the slot
        bool waiting = false;     // for the Extra's completion
        bool responding = false;
    };
    void on_accept() noexcept;
    void on_connection(std::size_t slot, std::uint32_t events) noexcept;
    void respond(std::size_t slot) noexcept;
    void complete(std::size_t slot, std::uint64_t serial, const std::string& more) noexcept;
    void answer(std::size_t slot, const Body& body) noexcept; // the response, then the close
    void flush(std::size_t slot) noexcept;
    void close(std::size_t slot) noexcept;
    void sweep() noexcept;

    runtime::EventLoop& loop_;
    Body body_;
    Extra extra_;
    std::uint64_t serial_ = 0;
    UniqueFd listener_;
    std::vector<Connection> connections_;
    runtime::TimerId sweep_timer_;
    std::uint64_t requests_ = 0;
};

// The response for one request head (pure, for tests): status line, headers, body.
std::string http_response(std::string_view request_head, const HttpListener::Body& body);

} // namespace vigil::metrics
