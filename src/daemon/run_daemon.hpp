#pragma once
// The normal run of `keepalived` (no -t/-v/-h/--signum): main.cpp calls run_daemon().

#include "daemon/command_line.hpp"
#include "process/daemon_settings.hpp"

namespace vigil::daemon {

// The process-model settings of a command line.
process::DaemonSettings daemon_settings(const Options& options);

// Parent, VRRP child and everything in between; returns the process exit code.
int run_daemon(const Options& options);

} // namespace vigil::daemon
