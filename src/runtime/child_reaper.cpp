#include "runtime/child_reaper.hpp"

#include <sys/wait.h>

namespace vigil::runtime {

void ChildReaper::watch(pid_t pid, ExitCallback callback) { watched_[pid] = std::move(callback); }

void ChildReaper::reap() noexcept {
    for (;;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid <= 0) {
            return;
        }
        auto it = watched_.find(pid);
        if (it == watched_.end()) {
            continue;
        }
        ExitCallback callback = std::move(it->second);
        watched_.erase(it);
        try {
            callback(pid, status);
        } catch (...) {
        }
    }
}

} // namespace vigil::runtime
