#pragma once
// One address to add to or remove from an interface (RTM_NEWADDR/RTM_DELADDR), with every
// option of keepalived's per-address syntax already resolved (reference §3.3): interface
// index instead of name, numeric scope, computed broadcast, IFA_F_* flags.

#include "net/ip_address.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::netlink {

using net::Family;
using net::IpAddress;

// IFA_F_* values from linux/if_addr.h that the per-address syntax can set.
namespace address_flag {
inline constexpr std::uint32_t nodad = 0x02;           // keepalived's default for IPv6 VIPs
inline constexpr std::uint32_t homeaddress = 0x10;     // `home`
inline constexpr std::uint32_t managetempaddr = 0x100; // `mngtmpaddr`
inline constexpr std::uint32_t noprefixroute = 0x200;  // `noprefixroute`
inline constexpr std::uint32_t mcautojoin = 0x400;     // `autojoin`
} // namespace address_flag

struct AddressSpec {
    int ifindex = 0;
    IpAddress address;
    std::uint8_t prefix = 32;
    std::uint8_t scope = 0;             // RT_SCOPE_*; 0 = global
    std::optional<IpAddress> broadcast; // IPv4 only
    std::optional<IpAddress> peer;      // point-to-point peer (IFA_ADDRESS)
    std::uint8_t peer_prefix = 32;
    std::string label;       // IPv4 only; empty = the interface name
    std::uint32_t flags = 0; // address_flag::*
    // IFA_CACHEINFO preferred lifetime in seconds; nullopt = forever (no IFA_CACHEINFO).
    std::optional<std::uint32_t> preferred_lifetime;

    friend bool operator==(const AddressSpec&, const AddressSpec&) = default;
};

// `brd +` (host bits set) and `brd -` (host bits clear).
enum class BroadcastFill { ones, zeros };

// The broadcast address `brd +`/`brd -` gives for `address`/`prefix` (IPv4).
IpAddress broadcast_address(const IpAddress& address, unsigned prefix, BroadcastFill fill) noexcept;

enum class Dad { disabled, enabled };

// keepalived's VIP defaults for an address of `family`/`prefix` (reference §3.3): IPv6 gets
// IFA_F_NODAD unless `-nodad` (Dad::enabled) was given, and preferred_lft 0 (deprecated) for
// a /128 when no preferred_lft was configured.
void apply_vip_defaults(AddressSpec& spec, Dad dad,
                        std::optional<std::uint32_t> configured_preferred_lft) noexcept;

inline constexpr std::uint32_t lifetime_forever = 0xffffffffU;

} // namespace vigil::netlink
