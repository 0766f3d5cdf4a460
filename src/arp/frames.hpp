#pragma once
// Pure builders of the announcement frames a new master sends for each virtual address
// (RFC 5798 section 6.4.2: "broadcast a gratuitous ARP request" for IPv4, "send an
// unsolicited ND Neighbor Advertisement" for IPv6). Complete Ethernet II frames, ready
// for an AF_PACKET SOCK_RAW socket; no padding (the NIC pads to 60 bytes), as keepalived.

#include "arp/mac_address.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace vigil::arp {

using Ipv4Bytes = std::array<std::uint8_t, 4>;
using Ipv6Bytes = std::array<std::uint8_t, 16>;

inline constexpr std::uint16_t ethertype_arp = 0x0806;
inline constexpr std::uint16_t ethertype_ipv6 = 0x86dd;

// Ethernet header (14) + ARP for IPv4 over Ethernet (28).
inline constexpr std::size_t gratuitous_arp_size = 42;
// Ethernet (14) + IPv6 (40) + NA (24) + target link-layer address option (8).
inline constexpr std::size_t neighbour_advert_size = 86;

using GratuitousArpFrame = std::array<std::uint8_t, gratuitous_arp_size>;
using NeighbourAdvertFrame = std::array<std::uint8_t, neighbour_advert_size>;

// RFC 4861 section 4.4 R flag: set when the interface forwards IPv6
// (net.ipv6.conf.IF.forwarding=1), as keepalived does.
enum class RouterFlag { clear, set };

// Gratuitous ARP as keepalived sends it (RFC 5227 section 3 "ARP Announcement" form with
// the request opcode): Ethernet broadcast from `mac`; ARP request (opcode 1), sender
// MAC = `mac`, sender IP = target IP = `address`, target MAC ff:ff:ff:ff:ff:ff.
GratuitousArpFrame build_gratuitous_arp(const MacAddress& mac, const Ipv4Bytes& address) noexcept;

// Unsolicited Neighbour Advertisement (RFC 4861 section 7.2.6): Ethernet 33:33:00:00:00:01
// from `mac`; IPv6 from `address` to ff02::1 (all-nodes), hop limit 255 (section 7.1.2
// MUST); ICMPv6 type 136 code 0, Override set, Solicited clear, Router per `router`;
// target = `address`; option 2 (target link-layer address) = `mac`; ICMPv6 checksum over
// the RFC 8200 section 8.1 pseudo-header.
NeighbourAdvertFrame build_unsolicited_na(const MacAddress& mac, const Ipv6Bytes& address,
                                          RouterFlag router) noexcept;

} // namespace vigil::arp
