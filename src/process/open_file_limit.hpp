#pragma once
// A child's open-file limit, as keepalived 2.2.7's set_max_file_limit() (lib/process.c) sets
// it at start and at each reload: the VRRP child asks for 2 per instance + 1 per smtp_alert +
// 43 (vrrp_daemon.c set_vrrp_max_fds), the checker child for its sockets
// (checkd/fd_limit.hpp). Without it 2000 instances (VMAC ones need 2 sockets each) run out at
// the usual soft limit of 1024.
//
// Contract:
//  - raise_open_file_limit(n) first records the limits the process started with (once, and
//    as the baseline its scripts start with: script/exec_baseline.hpp). It does nothing while
//    n fits the original soft limit and the limit is still the original one; otherwise it
//    sets the soft limit to max(original soft, n) and the hard one to max(original hard, n):
//    a reload that needs less goes back towards the original. With -D a change logs "Set
//    open file limit to SOFT:HARD."; a failure logs keepalived's line and leaves the limit.
//  - Raising the hard limit needs CAP_SYS_RESOURCE; the soft limit up to the hard one does not.

#include <cstddef>

namespace vigil::process {

void raise_open_file_limit(std::size_t needed) noexcept;

} // namespace vigil::process
