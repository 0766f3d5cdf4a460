#pragma once
// What a script starts with, whatever the process running it changed for itself: keepalived
// 2.2.7 calls reset_process_priorities() in the forked child before exec (lib/notify.c
// system_call_script), so MISC_CHECK, notify and tracking scripts get the open-file limit,
// the real-time CPU limit and the nice value the daemon was started with, not the checker
// child's raised RLIMIT_NOFILE (checkd/fd_limit.hpp) nor a child's *_priority or
// *_rlimit_rttime (process/process_scheduling.hpp). (SCHED_RESET_ON_FORK already gives the
// script SCHED_OTHER; memory locks are never inherited.)
//
// Contract:
//  - record_exec_baseline() takes the process's RLIMIT_NOFILE, RLIMIT_RTTIME and nice value
//    once; later calls do nothing. Whatever changes one of them calls it first.
//  - restore_exec_baseline() is async-signal-safe: spawn_script() calls it in the forked
//    child, before setuid. It does nothing when no baseline was recorded; a limit that cannot
//    be put back (raising a hard limit needs CAP_SYS_RESOURCE) stays as it is.
// The baseline is process-wide state, as the limits themselves are.

namespace vigil::script {

void record_exec_baseline() noexcept;
void restore_exec_baseline() noexcept;

} // namespace vigil::script
