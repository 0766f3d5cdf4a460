#pragma once
// The signals a keepalived process handles (section 2 "Signals"), and the mask discipline
// around them: every process blocks them before it forks and reads them from a signalfd;
// a process about to exec a script restores the defaults first.
//   SIGHUP reload, SIGINT/SIGTERM stop, SIGCHLD reap, SIGUSR1 data dump, SIGUSR2 stats dump,
//   SIGRTMIN+2 JSON dump, SIGRTMAX-1 stats dump then clear.

#include <signal.h>

namespace vigil::runtime {

// The set above.
sigset_t daemon_signal_set() noexcept;

// Blocks the signals the daemon handles through signalfd (call before any fork) and ignores
// SIGPIPE. Throws std::system_error if the mask cannot be set.
void block_daemon_signals();

// In a forked process about to exec: default dispositions, nothing blocked.
void reset_signals_for_exec() noexcept;

} // namespace vigil::runtime
