#pragma once
// The checks of `vigil doctor`, one file each. The analyses are pure (values in, findings
// out) so that unit tests can plant each problem; listen.cpp and arp_probe.cpp do the I/O.

#include "doctor/finding.hpp"
#include "doctor/host.hpp"
#include "doctor/instances.hpp"

#include <chrono>
#include <span>
#include <string_view>

namespace vigil::doctor {

// check_interfaces.cpp: interfaces named in the config exist and are up; each instance has
// a source address (IPv4 on its interface, or unicast_src_ip/mcast_src_ip of this host).
void check_interfaces(std::span<const InstanceView> instances, const Host& host, Findings& out);

// check_sysctls.cpp: rp_filter with VMAC, accept_local 0 on an existing VMAC interface,
// arp_ignore 8, IPv6 DAD on VIP interfaces.
void check_sysctls(std::span<const InstanceView> instances, const SysctlReader& read, Findings& out);

// check_firewall.cpp: rules of `nft list ruleset` (text) that drop IP protocol 112 (VRRP)
// or 51 (AH) in an input or prerouting hook, an input policy drop with no VRRP accept, and
// rules dropping traffic to a VIP. keepalived's and vigil's own table (`keepalived`) is
// skipped: vrrp_strict drops traffic to VIPs there on purpose.
void check_firewall(std::span<const InstanceView> instances, std::string_view ruleset, Findings& out);

// check_iptables.cpp: the same for iptables-legacy (x_tables) rules, from the text of
// `iptables-legacy-save` (COMMAND names it in the findings): DROP/REJECT of protocol 112
// (vrrp) or an unconditional one in INPUT/PREROUTING before any VRRP ACCEPT, a policy DROP
// with no VRRP ACCEPT, and drops of traffic to a VIP (-d VIP).
void check_iptables(std::span<const InstanceView> instances, std::string_view save_text, std::string_view command,
                    Findings& out);

// check_capabilities.cpp: CAP_NET_RAW (listening, ARP probes) and CAP_NET_ADMIN in `cap_eff`
// (the CapEff bits of /proc/self/status). False when the network checks cannot run.
bool check_capabilities(std::uint64_t cap_eff, Findings& out);

// check_adverts.cpp: what was heard on the instances' interfaces.
struct HeardAdvert {
    std::string interface;
    net::IpAddress source;
    Mac mac{};
    bool outgoing = false;   // sent by this host
    std::uint8_t vrid = 0;
    std::uint8_t version = 2;
    std::uint8_t priority = 0;
    std::chrono::microseconds interval{};
    std::uint8_t auth_type = 0;
    std::string auth_pass;
    std::vector<net::IpAddress> addresses;
    std::size_t count = 1;
};
// Reports VRID collisions (same VRID, other VIPs), peers with another interval, version or
// authentication, priority ties, and instances for which nobody was heard at all.
void check_adverts(std::span<const InstanceView> instances, std::span<const HeardAdvert> heard,
                   std::chrono::milliseconds listened, Findings& out);

// check_arp.cpp: each VIP's ARP (IPv4) or Neighbor Advertisement (IPv6) answers: a MAC that
// is neither this host's, nor the VRRP virtual MAC, nor a router heard advertising the
// VIP's VRID is an address conflict (for IPv6 also a failed DAD when the VIP is added).
struct ArpAnswer {
    net::IpAddress address;
    Mac mac{};
};
void check_arp(std::span<const InstanceView> instances, std::span<const ArpAnswer> answers,
               std::span<const HeardAdvert> heard, const Host& host, Findings& out);

// The I/O: listen.cpp (AF_PACKET, all-multicast, on each interface for `duration`) and
// arp_probe.cpp (an RFC 5227 probe per IPv4 VIP, answers collected for `wait`).
std::vector<HeardAdvert> listen_adverts(std::span<const InstanceView> instances, const Host& host,
                                        std::chrono::milliseconds duration);
std::vector<ArpAnswer> probe_vips(std::span<const InstanceView> instances, const Host& host,
                                  std::chrono::milliseconds wait);
// nd_probe.cpp: a DAD Neighbor Solicitation per IPv6 VIP, the Neighbor Advertisements
// answering it collected for `wait` (check_arp judges them as it judges ARP answers).
std::vector<ArpAnswer> probe_vips6(std::span<const InstanceView> instances, const Host& host,
                                   std::chrono::milliseconds wait);

} // namespace vigil::doctor
