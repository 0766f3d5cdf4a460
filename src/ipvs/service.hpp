#pragma once
// An IPVS virtual service as the kernel keeps it (linux/ip_vs.h, net/netfilter/ipvs/ip_vs_ctl.c):
// its identity (ServiceKey) and its settings (Service). Plain values, no I/O.

#include "net/ip_address.hpp"

#include <cstdint>
#include <string>

namespace vigil::ipvs {

using net::Family;
using net::IpAddress;

// The transport protocols IPVS balances (the values are IPPROTO_*).
enum class Protocol : std::uint8_t { tcp = 6, udp = 17, sctp = 132 };

const char* protocol_name(Protocol protocol) noexcept; // "TCP", "UDP", "SCTP"

// IP_VS_SVC_F_* service flags that user space sets. The kernel's own IP_VS_SVC_F_HASHED (0x2)
// never appears here: it is masked out when a service is read back.
namespace service_flag {
inline constexpr std::uint32_t persistent = 0x01; // persistence_timeout (ipvsadm -p)
inline constexpr std::uint32_t one_packet = 0x04; // ops (ipvsadm -o; UDP only)
inline constexpr std::uint32_t sched1 = 0x08;     // flag-1; sh-fallback with sh, mh-fallback with mh
inline constexpr std::uint32_t sched2 = 0x10;     // flag-2; sh-port with sh, mh-port with mh
inline constexpr std::uint32_t sched3 = 0x20;     // flag-3
inline constexpr std::uint32_t user_mask = persistent | one_packet | sched1 | sched2 | sched3;
} // namespace service_flag

// The netmask of a service with persistence for one client: 255.255.255.255 (IPv4, host
// order) or /128 (IPv6).
constexpr std::uint32_t default_netmask(Family family) noexcept {
    return family == Family::ipv4 ? 0xffffffffU : 128U;
}

// What the kernel looks a service up by: a firewall mark (fwmark != 0) or a protocol, address
// and port. Build keys with the factories: they keep the unused fields at their canonical
// values (a fwmark service has protocol tcp, the family's zero address and port 0, as the
// kernel stores it), so that == compares identities.
struct ServiceKey {
    Family family = Family::ipv4;
    std::uint32_t fwmark = 0;
    Protocol protocol = Protocol::tcp;
    IpAddress address;
    std::uint16_t port = 0;

    static ServiceKey of_address(Protocol protocol, const IpAddress& address, std::uint16_t port) noexcept;
    static ServiceKey of_fwmark(Family family, std::uint32_t fwmark) noexcept;

    bool is_fwmark() const noexcept { return fwmark != 0; }
    // "TCP 192.0.2.1:80", "UDP [2001:db8::1]:53", "FWM 7" (ipvsadm -Ln style, with the family
    // for fwmark services of IPv6: "FWM 7 IPv6").
    std::string to_string() const;

    friend bool operator==(const ServiceKey&, const ServiceKey&) = default;
    friend auto operator<=>(const ServiceKey&, const ServiceKey&) = default;
};

// A service's settings. The kernel checks the scheduler and persistence engine exist (ENOENT
// otherwise; the modules load on demand) and, for IPv6, that netmask is a prefix 1..128.
struct Service {
    ServiceKey key;
    std::string scheduler = "wlc"; // at most 15 characters; "none" for no scheduler
    std::uint32_t flags = 0;       // service_flag::*
    std::uint32_t timeout = 0;     // persistence timeout, seconds
    // IPv4: the mask in host order (0xffffff00 for 255.255.255.0); IPv6: the prefix length.
    std::uint32_t netmask = 0xffffffffU;
    std::string persistence_engine; // e.g. "sip"; empty for none

    // A service on `key` with keepalived's and ipvsadm's defaults (wlc, no persistence, the
    // family's full netmask).
    static Service with_key(const ServiceKey& key);

    friend bool operator==(const Service&, const Service&) = default;
};

} // namespace vigil::ipvs
