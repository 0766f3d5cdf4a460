#pragma once
// An IPVS destination (real server) of a service, as the kernel keeps it.

#include "net/ip_address.hpp"

#include <cstdint>
#include <string>

namespace vigil::ipvs {

using net::Family;
using net::IpAddress;

// IP_VS_CONN_F_* forwarding methods (the values are the kernel's).
enum class Forwarding : std::uint8_t {
    masquerade = 0,   // NAT (ipvsadm -m, "Masq")
    local = 1,        // "Local": the destination is an address of this host
    tunnel = 2,       // TUN (ipvsadm -i, "Tunnel")
    direct_route = 3, // DR (ipvsadm -g, "Route")
    bypass = 4,       // "Bypass"
};

const char* forwarding_name(Forwarding forwarding) noexcept; // ipvsadm -Ln's column

// IP_VS_CONN_F_TUNNEL_TYPE_*: the encapsulation of a tunnel destination (kernel >= 5.2).
enum class TunnelType : std::uint8_t { ipip = 0, gue = 1, gre = 2 };

// IP_VS_TUNNEL_ENCAP_FLAG_*: checksums of GUE/GRE encapsulation (0 = nocsum).
namespace tunnel_flag {
inline constexpr std::uint16_t csum = 0x1;
inline constexpr std::uint16_t remcsum = 0x2;
} // namespace tunnel_flag

// A destination's identity within its service is (family, address, port). The family may
// differ from the service's only with tunnel forwarding (EINVAL otherwise).
struct Destination {
    IpAddress address;
    std::uint16_t port = 0;
    Forwarding forwarding = Forwarding::masquerade;
    std::int32_t weight = 1;             // 0..INT32_MAX; negative: ERANGE
    std::uint32_t upper_threshold = 0;   // connection limits (ipvsadm -x/-y); 0 = none
    std::uint32_t lower_threshold = 0;   // must not exceed upper_threshold (ERANGE)
    TunnelType tunnel_type = TunnelType::ipip;
    std::uint16_t tunnel_port = 0;  // GUE: required (EINVAL when 0)
    std::uint16_t tunnel_flags = 0; // tunnel_flag::*

    bool same_identity(const Destination& other) const noexcept {
        return address == other.address && port == other.port;
    }
    // "192.0.2.10:80", "[2001:db8::10]:80".
    std::string to_string() const;

    friend bool operator==(const Destination&, const Destination&) = default;
};

} // namespace vigil::ipvs
