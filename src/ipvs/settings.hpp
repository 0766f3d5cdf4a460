#pragma once
// IPVS-wide settings: connection timeouts (lvs_timeouts), the connection synchronisation
// daemons (lvs_sync_daemon) and the module's identity.

#include "net/ip_address.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::ipvs {

using net::IpAddress;

// Seconds. In set_timeouts() a 0 leaves that timeout unchanged (the kernel's rule); values
// above INT_MAX / HZ are EINVAL. The kernel's defaults are 900 / 120 / 300.
struct Timeouts {
    std::uint32_t tcp = 0;
    std::uint32_t tcp_fin = 0;
    std::uint32_t udp = 0;

    friend bool operator==(const Timeouts&, const Timeouts&) = default;
};

// IP_VS_STATE_MASTER / IP_VS_STATE_BACKUP. A host runs at most one daemon of each role.
enum class SyncRole : std::uint8_t { master = 1, backup = 2 };

const char* sync_role_name(SyncRole role) noexcept; // "master", "backup"

// One sync daemon. When starting one, 0 / nullopt leave the kernel's default (max_len from the
// interface's MTU, port 8848, ttl 1, group 224.0.0.81); when listing, the kernel reports the
// values in use.
struct SyncDaemon {
    SyncRole role = SyncRole::master;
    std::string interface;      // at most 15 characters; must exist (ENODEV)
    std::uint32_t sync_id = 0;  // 0..255
    std::uint16_t max_len = 0;  // UDP payload size
    std::uint16_t port = 0;
    std::uint8_t ttl = 0;
    std::optional<IpAddress> group; // multicast (EINVAL otherwise)

    friend bool operator==(const SyncDaemon&, const SyncDaemon&) = default;
};

// IPVS_CMD_GET_INFO: the module's version (0x010201 is "1.2.1") and connection table size.
struct Info {
    std::uint32_t version = 0;
    std::uint32_t connection_table_size = 0;

    std::string version_string() const; // "1.2.1"
};

} // namespace vigil::ipvs
