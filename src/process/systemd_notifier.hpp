#pragma once
// sd_notify(3) without libsystemd: one datagram per state change to $NOTIFY_SOCKET (a path, or
// an abstract socket when it starts with '@'). Keeping it to ~50 lines avoids linking
// libsystemd (and its transitive libraries) into a daemon whose RSS we compare with keepalived.
// Messages (section 2/7): "READY=1\nMAINPID=<pid>" after the child read its config,
// "RELOADING=1" then "READY=1" around a reload, "STOPPING=1", "ERRNO=<n>" on a permanent
// child error, and a vigil extension "STATUS=VRRP: ...". Never blocks, never throws.

#include "util/unique_fd.hpp"

#include <string>
#include <string_view>

namespace vigil::process {

class SystemdNotifier {
public:
    // Reads $NOTIFY_SOCKET; without it every send() is a no-op.
    SystemdNotifier();
    [[nodiscard]] bool enabled() const noexcept { return !address_.empty(); }
    bool send(std::string_view state) noexcept;

    // Child processes: the socket belongs to the parent (keepalived calls sd_notify(1, "")).
    static void unset_environment() noexcept;

private:
    std::string address_; // sun_path bytes; leading '\0' for the abstract namespace
    UniqueFd fd_;
};

} // namespace vigil::process
