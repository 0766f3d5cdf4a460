#pragma once
// The system boundary for virtual MAC interfaces (keepalived's use_vmac): macvlan links in
// private mode, ipvlan links in L2 mode (use_ipvlan), their IPv4/IPv6 per-interface settings,
// and the few /proc sysctls keepalived touches. NetlinkLinkControl is the real one (libnl-route); tests use a fake.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace vigil::netlink {

using MacBytes = std::array<std::uint8_t, 6>;

// MACVLAN_MODE_* (linux/if_link.h).
enum class MacvlanMode : std::uint32_t { private_ = 1, vepa = 2, bridge = 4, passthru = 8, source = 16 };

// IFLA_IPVLAN_FLAGS (linux/if_link.h IPVLAN_F_*): 0 is bridge. The kernel keeps mode and
// flags per lower device: every ipvlan on it shows the last one set.
enum class IpvlanFlags : std::uint16_t { bridge = 0, private_ = 1, vepa = 2 };
constexpr std::uint16_t ipvlan_mode_l2 = 0;  // IPVLAN_MODE_L2

struct LinkDetails {
    int index{0};
    std::string name;
    std::string kind;  // IFLA_INFO_KIND: "macvlan", "veth", ... (empty for plain devices)
    std::optional<MacvlanMode> macvlan_mode;
    std::optional<std::uint16_t> ipvlan_mode;  // kind "ipvlan": IPVLAN_MODE_*
    std::optional<IpvlanFlags> ipvlan_flags;
    int parent{0};  // IFLA_LINK: the lower device of a macvlan
    MacBytes mac{};
    bool admin_up{false};  // IFF_UP
    friend bool operator==(const LinkDetails&, const LinkDetails&) = default;
};

// IPV4_DEVCONF_* keys (linux/ip.h) keepalived sets on VMACs and their base interfaces.
enum class Ipv4Conf : std::uint16_t {
    rp_filter = 8,
    arp_filter = 13,
    arp_ignore = 19,
    promote_secondaries = 20,
    accept_local = 23,
};

struct LinkName {
    int index{0};
    std::string name;
};

struct Ipv4Setting {
    Ipv4Conf key;
    std::uint32_t value;
};

class LinkControl {
public:
    virtual ~LinkControl() = default;

    virtual std::optional<LinkDetails> find(std::string_view name) noexcept = 0;
    // Every interface of the namespace.
    virtual std::vector<LinkName> list() noexcept = 0;
    // A private-mode macvlan `name` on `parent` with address `mac` (RTM_NEWLINK with
    // NLM_F_CREATE|NLM_F_EXCL, as keepalived's netlink_link_add_vmac).
    virtual std::error_code create_macvlan(std::string_view name, int parent, const MacBytes& mac) noexcept = 0;
    // An existing macvlan with the wrong MAC or mode: both set in place.
    virtual std::error_code update_macvlan(int index, const MacBytes& mac) noexcept = 0;
    // An L2 ipvlan `name` on `parent` with `flags`, created up: one RTM_NEWLINK with
    // NLM_F_CREATE|NLM_F_EXCL and IFF_UP (keepalived's netlink_link_add_ipvlan).
    virtual std::error_code create_ipvlan(std::string_view name, int parent, IpvlanFlags flags) noexcept = 0;
    // IFLA_INET6_ADDR_GEN_MODE = none (no EUI-64 link-local address; RFC 5798 section 7.4
    // wants adverts from a real address, not the virtual MAC's). The kernel ignores
    // IFLA_AF_SPEC at creation, hence a separate request.
    virtual std::error_code set_addr_gen_mode_none(int index) noexcept = 0;
    virtual std::error_code set_up(int index) noexcept = 0;
    virtual std::error_code remove(int index) noexcept = 0;
    // IFLA_AF_SPEC/AF_INET/IFLA_INET_CONF in one RTM_NEWLINK with ifi_family AF_UNSPEC
    // (libnl's rtnl_link_change would use AF_BRIDGE for a bridge, which ignores AF_SPEC).
    virtual std::error_code set_ipv4_conf(int index, std::span<const Ipv4Setting> settings) noexcept = 0;

    // /proc/sys/net/... relative path, e.g. "ipv4/conf/all/rp_filter".
    virtual std::optional<std::uint32_t> read_sysctl(std::string_view path) noexcept = 0;
    virtual std::error_code write_sysctl(std::string_view path, std::uint32_t value) noexcept = 0;
};

} // namespace vigil::netlink
