#pragma once
// The one place that touches capabilities (libcap). The VRRP child opens its privileged
// resources first (raw and packet sockets, netlink) and then calls shed_privileges():
// effective, permitted and bounding sets shrink to what the running daemon still needs
// (section 8 "Capabilities"):
//   CAP_NET_ADMIN    addresses, routes, rules, links, sysctls through netlink
//   CAP_NET_RAW      raw/packet sockets for interfaces that appear later
//   CAP_SETUID/SETGID scripts run as their configured user
//   CAP_KILL         signalling script process groups owned by other users
//   CAP_CHOWN        notify FIFO owner
//   CAP_DAC_OVERRIDE /proc/sys writes and dumps in directories we do not own
//   CAP_SYS_NICE     vrrp_priority / vrrp_rt_priority on respawn
// Scripts started as a non-root user lose every capability at setuid(); scripts run as root
// keep at most this set (the bounding set is reduced too).

#include <string>

namespace vigil::process {

enum class PrivilegeResult { reduced, not_root, failed };

// Never throws; logs (detail) what it did. `failed` leaves the process as it was.
PrivilegeResult shed_privileges() noexcept;

// "CapEff" of /proc/self/status as text, for logs and tests.
std::string effective_capabilities();

} // namespace vigil::process
