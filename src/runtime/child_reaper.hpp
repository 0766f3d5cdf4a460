#pragma once
// Collects every child of the VRRP process (notify scripts, vrrp_script runs, fifo scripts)
// on SIGCHLD and hands each exit status to whoever registered the pid. Unregistered pids
// (fire-and-forget notifies) are reaped and forgotten.

#include <sys/types.h>

#include <functional>
#include <unordered_map>

namespace vigil::runtime {

class ChildReaper {
public:
    using ExitCallback = std::function<void(pid_t pid, int wait_status)>;

    void watch(pid_t pid, ExitCallback callback);
    void forget(pid_t pid) noexcept { watched_.erase(pid); }
    // waitpid(-1, WNOHANG) until nothing is left; call on SIGCHLD.
    void reap() noexcept;
    [[nodiscard]] bool watching(pid_t pid) const noexcept { return watched_.contains(pid); }

private:
    std::unordered_map<pid_t, ExitCallback> watched_;
};

} // namespace vigil::runtime
