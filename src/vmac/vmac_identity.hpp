#pragma once
// A VMAC's name and addresses (pure). RFC 5798 section 7.3: the virtual router MAC address
// is 00-00-5E-00-01-{VRID} for IPv4 and 00-00-5E-00-02-{VRID} for IPv6.

#include "netlink/link_control.hpp"
#include "net/ip_address.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::vmac {

using netlink::MacBytes;

MacBytes virtual_mac(net::Family family, unsigned vrid) noexcept;

// `use_vmac MAC` as the parser keeps it ("aa:bb:cc:dd:ee" or 6 octets, lower case): a
// 5-octet MAC gets the VRID as its last octet (keepalived). nullopt if malformed.
std::optional<MacBytes> configured_mac(std::string_view text, unsigned vrid) noexcept;

// keepalived's fallback link-local address for an IPv6 VMAC: the modified EUI-64 of the base
// interface's MAC (RFC 4291 appendix A) in fe80::/64.
net::IpAddress eui64_link_local(const MacBytes& mac) noexcept;

// The interface name for an instance without `use_vmac NAME`: PREFIX.VRID; when that is
// taken, IPv4 tries PREFIX1.VRID, PREFIX2.VRID...; IPv6 tries PREFIX6.VRID first, then 1-5,
// 7... (keepalived's create_vmac_name). The prefix is shortened so that the name fits
// IFNAMSIZ - 1 characters. `taken` says whether a name is in use.
std::string vmac_name(std::string_view prefix, unsigned vrid, net::Family family,
                      const std::function<bool(const std::string&)>& taken);

} // namespace vigil::vmac
