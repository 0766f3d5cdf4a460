#pragma once
// What one BFD session is configured with: a bfd_instance block reduced to the values the
// protocol core needs, with keepalived 2.2.7's defaults (include/bfd.h). The configuration
// binder fills it; the core never reads the configuration model itself.

#include "bfd/timers.hpp"
#include "net/ip_address.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace vigil::bfd {

// RFC 5880 section 6.1: an active system sends from the start; a passive one waits until it
// has heard from the remote system (keepalived's `passive`).
enum class Role : std::uint8_t { active, passive };

// RFC 5881 (single hop, UDP 3784, GTSM) or RFC 5883 (multihop, UDP 4784).
enum class Hop : std::uint8_t { single, multi };

// Which children receive the session's Up/Down events (keepalived's `vrrp` / `checker`
// keywords; neither given means both).
enum class Consumers : std::uint8_t { none = 0, vrrp = 1, checker = 2, both = 3 };

constexpr bool has(Consumers set, Consumers one) noexcept {
    return (static_cast<std::uint8_t>(set) & static_cast<std::uint8_t>(one)) != 0;
}

struct SessionSettings {
    std::string name; // < 32 characters (keepalived's BFD_INAME_MAX)
    net::IpAddress neighbor;
    std::optional<net::IpAddress> source;
    // bfd.RequiredMinRxInterval (RFC 5880 section 6.8.1); keepalived `min_rx`, default 10 ms.
    Duration required_min_rx = std::chrono::milliseconds{10};
    // bfd.DesiredMinTxInterval while Up; keepalived `min_tx`, default 10 ms.
    Duration desired_min_tx = std::chrono::milliseconds{10};
    // bfd.DesiredMinTxInterval while not Up: RFC 5880 section 6.8.3 requires at least one
    // second; keepalived `idle_tx`, default 1 s, minimum 1 s.
    Duration idle_min_tx = std::chrono::seconds{1};
    std::uint8_t detect_mult = 5; // keepalived `multiplier`, 1-255
    Role role = Role::active;
    Hop hop = Hop::single;
    // TTL / Hop Limit of sent packets. RFC 5881 section 5: 255 without authentication.
    std::uint8_t send_ttl = 255;
    // Received packets with a lower TTL / Hop Limit are discarded (RFC 5881 section 5; with
    // keepalived's `max_hops` the minimum is ttl - max_hops). 0 disables the check.
    std::uint8_t min_received_ttl = 255;
    Consumers consumers = Consumers::both;

    friend bool operator==(const SessionSettings&, const SessionSettings&) = default;
};

} // namespace vigil::bfd
