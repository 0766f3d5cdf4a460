#pragma once
// Announcing a virtual address on its link: a gratuitous ARP for IPv4, an unsolicited
// Neighbour Advertisement for IPv6 (RFC 5798 section 6.4.2 / 6.4.3). A small interface so
// that the daemon can be tested with a fake; the real one is PacketAnnouncer.

#include "arp/mac_address.hpp"
#include "net/ip_address.hpp"

#include <string_view>
#include <system_error>

namespace vigil::arp {

// Where to announce: the interface (or VMAC) the address lives on.
struct AnnounceLink {
    int ifindex = 0;
    std::string_view name; // for the log line
    MacAddress mac{};      // sender MAC: the interface's or the VMAC's
};

class Announcer {
public:
    virtual ~Announcer() = default;
    // Sends one frame for `address` on `link`: GARP for IPv4, NA for IPv6. Never throws.
    virtual std::error_code announce(const AnnounceLink& link,
                                     const net::IpAddress& address) noexcept = 0;

protected:
    Announcer() = default;
    Announcer(const Announcer&) = default;
    Announcer& operator=(const Announcer&) = default;
};

} // namespace vigil::arp
