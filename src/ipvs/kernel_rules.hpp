#pragma once
// What Linux 6.1's IPVS (net/netfilter/ipvs/ip_vs_ctl.c, the kernel of Debian 12) accepts,
// written down once for FakeIpvsTable. Each check returns the kernel's errno for the first
// rule broken, in the kernel's order, or no error.

#include "ipvs/destination.hpp"
#include "ipvs/service.hpp"
#include "ipvs/settings.hpp"

#include <cstdint>
#include <system_error>

namespace vigil::ipvs::kernel_rules {

inline constexpr std::uint32_t hashed_flag = 0x02; // IP_VS_SVC_F_HASHED: the kernel's own
inline constexpr std::uint32_t version_code = 0x010201;
inline constexpr std::uint32_t default_connection_table_size = 4096; // 1 << CONFIG_IP_VS_TAB_BITS (12)
inline constexpr std::size_t max_name_length = 15; // IP_VS_SCHEDNAME/PENAME/IFNAME_MAXLEN - 1
// Timeouts are kept in jiffies: at most INT_MAX / HZ seconds (HZ is 250 on Debian).
inline constexpr std::uint32_t max_timeout_seconds = 2147483647U / 250U;

// Attribute policy: scheduler and engine names of at most 15 characters (EINVAL).
std::error_code check_service_names(const Service& service) noexcept;
// ip_vs_add_service / ip_vs_edit_service: a loadable scheduler (or "none") and engine
// (ENOENT), an IPv6 netmask that is a prefix 1..128 (EINVAL).
std::error_code check_service_settings(const Service& service) noexcept;
// ip_vs_add_dest / ip_vs_edit_dest: weight >= 0 and lower <= upper threshold (ERANGE), a GUE
// tunnel with a port (EINVAL).
std::error_code check_destination_settings(const Destination& destination) noexcept;
// ip_vs_new_dest: a destination must be a unicast address (IPv4: not 0/8, broadcast or
// multicast; IPv6: unicast and not link-local).
bool is_unicast(const IpAddress& address) noexcept;
// IPVS_CMD_NEW_DAEMON: an interface name of 1..15 characters (ENODEV when empty, EINVAL when
// too long), a multicast group (EINVAL).
std::error_code check_sync_daemon(const SyncDaemon& daemon) noexcept;
// The daemon as the kernel reports it once started with `daemon`: port 8848, ttl 1, group
// 224.0.0.81 and max_len 1472 for what was left unset. The kernel derives max_len from the
// interface's MTU: 1472 for a master anywhere and a backup on a 1500-byte MTU (a backup on lo
// gets 65507), which the fake cannot know.
SyncDaemon with_sync_defaults(const SyncDaemon& daemon);

} // namespace vigil::ipvs::kernel_rules
