#include "runtime/signals.hpp"

#include <cerrno>
#include <system_error>

namespace vigil::runtime {

sigset_t daemon_signal_set() noexcept {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGHUP, SIGINT, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2}) {
        sigaddset(&set, s);
    }
    sigaddset(&set, SIGRTMIN + 2); // JSON
    sigaddset(&set, SIGRTMAX - 1); // STATS_CLEAR
    return set;
}

void block_daemon_signals() {
    const sigset_t set = daemon_signal_set();
    if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
        throw std::system_error(errno, std::generic_category(), "sigprocmask");
    }
    ::signal(SIGPIPE, SIG_IGN);
}

void reset_signals_for_exec() noexcept {
    for (int s = 1; s < NSIG; ++s) {
        if (s != SIGKILL && s != SIGSTOP) {
            ::signal(s, SIG_DFL);
        }
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
}

} // namespace vigil::runtime
