#pragma once
// The control socket's server: a Unix stream socket served on the process's EventLoop,
// carrying protocol.hpp's JSON lines. It never blocks and never lets a client cost the loop
// more than a bounded amount of work per wake-up, so that adverts are never delayed:
//  - every socket is non-blocking; each readable event reads at most read_chunk bytes and
//    handles at most requests_per_wakeup requests;
//  - a request line longer than max_request_line gets `too_long` and the connection ends;
//  - a client's unsent output is capped at max_output bytes: a client that stops reading
//    (or a slow `events --follow`) is disconnected, never waited for;
//  - at most max_clients connections; more are accepted and closed at once (counted);
//  - a connection idle (no request, nothing to send, not following) for idle_timeout, or
//    with output stuck for stall_timeout, is closed.
// The caller is identified with SO_PEERCRED when it connects: uid 0 gets Access::admin,
// everyone else Access::read_only (whoever can open the socket: its mode and group decide).

#include "control/protocol.hpp"
#include "runtime/event_loop.hpp"
#include "util/unique_fd.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace vigil::control {

struct Peer {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    Access access = Access::read_only;
};

// A connection, valid until it closes (generation-checked: a stale id does nothing).
struct ClientId {
    std::uint32_t slot = 0;
    std::uint32_t generation = 0;
};

// What the handler makes of a request: a reply line now, or later (the handler keeps the
// ClientId and calls Server::reply(); no further request of that client is read meanwhile).
// `follow` turns the connection into an event stream after the reply (Server::publish).
struct Outcome {
    std::optional<std::string> reply; // nullopt: deferred
    bool follow = false;
};

struct SocketOptions {
    std::string path;
    mode_t mode = 0660;
    std::optional<gid_t> group; // chown to this group (the `vigil` group), if any
};

class Server {
public:
    static constexpr std::size_t max_clients = 64;
    static constexpr std::size_t read_chunk = 4096;
    static constexpr std::size_t requests_per_wakeup = 4;
    static constexpr std::size_t max_output = 4 * 1024 * 1024;
    static constexpr std::chrono::seconds idle_timeout{30};
    static constexpr std::chrono::seconds stall_timeout{10};

    using Handler = std::function<Outcome(ClientId client, const Peer& peer, const Request& request)>;

    Server(runtime::EventLoop& loop, Handler handler);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens (replacing a stale socket file), sets mode and group. Startup only;
    // the error names the step that failed.
    [[nodiscard]] std::error_code listen(const SocketOptions& options, std::string& what);

    // Sends a deferred reply; the client's next request is read afterwards.
    void reply(ClientId client, std::string line) noexcept;
    // Sends an event line to every following client.
    void publish(const std::string& line) noexcept;
    // Sends a line to one client after its deferred reply (a relayed event stream).
    void send(ClientId client, std::string_view line) noexcept;
    // Whether the connection is still open.
    bool connected(ClientId client) noexcept;
    // After fork(), in the child: closes the listener and every connection without
    // unlinking the socket file or touching the loop (whose epoll set is the parent's).
    void abandon() noexcept;

    std::size_t clients() const noexcept;
    std::uint64_t refused() const noexcept { return refused_; }
    bool has_followers() const noexcept;

private:
    struct Client {
        UniqueFd fd;
        Peer peer;
        std::string input;
        std::string output;
        std::size_t output_sent = 0;
        runtime::TimePoint last_activity{};
        runtime::TimePoint stalled_since{};
        std::uint32_t generation = 0;
        bool waiting = false;   // a deferred reply is pending
        bool following = false;
        bool closing = false;   // close once the output is sent
        bool writable_armed = false;
    };

    void on_accept() noexcept;
    void on_client(std::uint32_t slot, std::uint32_t events) noexcept;
    void handle_input(std::uint32_t slot) noexcept;
    void queue(std::uint32_t slot, std::string_view text) noexcept;
    void flush(std::uint32_t slot) noexcept;
    void close_client(std::uint32_t slot) noexcept;
    void sweep() noexcept;
    void resume() noexcept; // requests left over by the per-wake-up budget
    Client* client(ClientId id) noexcept;

    runtime::EventLoop& loop_;
    Handler handler_;
    UniqueFd listener_;
    std::string path_;
    ino_t inode_ = 0; // of the socket file we bound
    std::vector<Client> clients_;
    runtime::TimerId sweep_timer_;
    runtime::TimerId resume_timer_;
    std::uint64_t refused_ = 0;
    std::uint32_t generation_ = 0;
};

} // namespace vigil::control
