#pragma once
// `keepalived --release-vips-and-exit` (vigil extension, issue #17): after an unclean stop
// (SIGKILL, OOM kill, crash) the VIPs, virtual routes and rules the daemon had installed
// stay on the host and answer ARP beside the new master. This one-shot command, run from
// the unit's ExecStopPost= when the service did not stop cleanly, loads the configuration as
// the daemon would (same -f, -s, -i options), enters its network namespace and removes every
// address it would have installed, logging each one it found.
//
// Not keepalived's -X/--release-vips, which is a flag of the running daemon (drop the VIPs on
// a transition caused by a signal) and is kept with that meaning.
//
// Exit status: 0 (also when nothing was there), 2 when the configuration cannot be loaded,
// 6 when the file is missing, 1 when the network namespace cannot be entered. With
// -V/--dont-release-vrrp it removes nothing, as the daemon would not have.

#include "daemon/command_line.hpp"

namespace vigil::daemon {

int run_release_vips(const Options& options);

} // namespace vigil::daemon
