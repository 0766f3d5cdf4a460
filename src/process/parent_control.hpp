#pragma once
// The parent's control socket (docs/control-protocol.md "Processes"): the parent serves the
// public socket (default /run/vigil/control.sock, mode 0660, group `vigil`) on a small
// event loop embedded in the supervisor's poll(). It answers `processes` itself (its pid,
// configuration file, reload in progress, each child's pid, starts and readiness) and
// relays every instance request to the VRRP process's own socket (vrrp_socket_path()),
// which the VRRP process serves on its loop as before; the parent's server checks the
// caller's access (SO_PEERCRED) before relaying, since the VRRP process sees the parent.
// Requests with params.process "checker" (status, stats, metrics) go to the checker
// process's socket (check_socket_path(), served by checkd/check_control.hpp) instead.
// While the process asked is down (respawning) its requests get `busy`; when the
// configuration (or -P/-C) runs no such process, `absent`; `processes` always answers.

#include "control/relay.hpp"
#include "control/server.hpp"
#include "control/views.hpp"
#include "runtime/event_loop.hpp"

#include <functional>
#include <memory>
#include <string>

namespace vigil::process {

// Where the VRRP process serves instance requests for the parent at `path`: "PATH.vrrp"
// (mode 0600: root only; the parent is its client).
std::string vrrp_socket_path(const std::string& path);

// Where the checker process serves its requests: "PATH.check" (mode 0600).
std::string check_socket_path(const std::string& path);

// The `vigil` group's id from /etc/group, read directly: getgrnam() would load the NSS
// modules for this one lookup (resident memory, issue 4).
std::optional<gid_t> vigil_group();

class ParentControl {
public:
    using Snapshot = std::function<control::ProcessesView()>;

    // Serves `path` (unless another daemon serves it: a warning, then nullptr; or it cannot
    // be bound: an error, then nullptr). `snapshot` answers `processes`.
    static std::unique_ptr<ParentControl> start(const std::string& path, Snapshot snapshot);
    ~ParentControl();

    // For the supervisor's poll(): the fd to wait for (POLLIN), then dispatch() when ready.
    int prepare_wait() noexcept { return loop_.prepare_external_wait(); }
    void dispatch() noexcept;
    // In a child right after fork(): closes the parent's sockets there without unlinking
    // the socket file or touching the parent's epoll set; the object is then leaked.
    void abandon_in_child() noexcept;

private:
    ParentControl(const std::string& path, Snapshot snapshot);
    control::Outcome on_request(control::ClientId client, const control::Peer& peer, const control::Request& request) noexcept;

    runtime::EventLoop loop_;
    Snapshot snapshot_;
    control::Server server_;
    control::Relay relay_;
    control::Relay check_relay_;
};

} // namespace vigil::process
