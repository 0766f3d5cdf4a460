#include "doctor/checks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::doctor {

void check_arp(std::span<const InstanceView> instances, std::span<const ArpAnswer> answers,
               std::span<const HeardAdvert> heard, const Host& host, Findings& out) {
    for (const InstanceView& v : instances) {
        for (const ArpAnswer& a : answers) {
            // RFC 5798 section 7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6
            const Mac vmac{0x00, 0x00, 0x5e, 0x00, static_cast<std::uint8_t>(a.address.is_v6() ? 2 : 1), v.vrid};
            if (std::find(v.vips.begin(), v.vips.end(), a.address) == v.vips.end()) {
                continue;
            }
            const bool peer = std::any_of(heard.begin(), heard.end(), [&](const HeardAdvert& h) {
                return h.vrid == v.vrid && h.mac == a.mac;
            });
            if (a.mac == vmac || host.has_mac(a.mac) || peer) {
                continue;
            }
            out.push_back({"arp", Severity::problem,
                           fmt::format("({}): VIP {} is answered by MAC {}, which sends no adverts for VRID {}: "
                                       "another host holds the address{}",
                                       v.name, a.address.to_string(), mac_text(a.mac), v.vrid,
                                       a.address.is_v6() ? " (a Neighbor Advertisement to our DAD probe: the "
                                                           "kernel would mark the VIP dadfailed)"
                                                         : ""),
                           "remove the address from that host or choose another VIP"});
        }
    }
}

} // namespace vigil::doctor
