#pragma once
// bfd_instance blocks (RFC 5880 sessions run by keepalived's BFD process and tracked by
// VRRP instances with track_bfd and by real servers with BFD_CHECK), with keepalived
// 2.2.7's defaults (bfd.h, bfd_parser.c; reference keepalived-2.2.7-vrrp-parity.md).
//
// keepalived's three processes read a bfd_instance block differently: the BFD process
// runs sessions only for blocks with a usable neighbour, while the VRRP and checker
// processes know every uniquely named block that is meant for them. Every named block is
// kept here, with what each process made of it (derived at load).

#include "net/ip_address.hpp"
#include "config/values.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace vigil::config {

struct BfdInstance {
    std::string name_;
    Location location_;
    std::optional<net::IpAddress> neighbor_;  // neighbor_ip / neighbour_ip
    std::optional<net::IpAddress> source_;
    // RFC 5880 §6.8.1 bfd.DesiredMinTxInterval / RequiredMinRxInterval; written in ms.
    std::chrono::microseconds min_rx_{std::chrono::milliseconds{10}};
    std::chrono::microseconds min_tx_{std::chrono::milliseconds{10}};
    std::chrono::microseconds idle_tx_{std::chrono::milliseconds{1000}};
    unsigned multiplier_{5};  // bfd.DetectMult
    bool passive_{false};
    std::optional<unsigned> ttl_;  // derived: 255 (IPv4) or 64 (IPv6 hop limit)
    int max_hops_{0};
    int weight_{0};  // default weight of VRRP track_bfd
    bool weight_reverse_{false};
    // `vrrp` / `checker`: which processes get the session's events (neither: both).
    bool notify_vrrp_{false};
    bool notify_checker_{false};
    // Derived at load.
    bool runs_{false};             // the BFD process runs a session for it
    bool tracked_by_vrrp_{false};  // a track_bfd may name it
    bool tracked_by_checker_{false};  // a BFD_CHECK may name it
    friend bool operator==(const BfdInstance&, const BfdInstance&) = default;
};

} // namespace vigil::config
