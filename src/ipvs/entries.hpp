#pragma once
// What the kernel reports when services and destinations are listed: the settings plus
// counters (the 64-bit IPVS_*_ATTR_STATS64 set). The kernel folds its per-CPU counters into
// what it reports every 2 seconds (its rate estimator), so a packet shows up to 2 s late.

#include "ipvs/destination.hpp"
#include "ipvs/service.hpp"

#include <cstdint>

namespace vigil::ipvs {

struct Stats {
    std::uint64_t connections = 0;
    std::uint64_t packets_in = 0;
    std::uint64_t packets_out = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    // Rates estimated by the kernel over the last seconds (per second).
    std::uint64_t connection_rate = 0;
    std::uint64_t packet_rate_in = 0;
    std::uint64_t packet_rate_out = 0;
    std::uint64_t byte_rate_in = 0;
    std::uint64_t byte_rate_out = 0;

    friend bool operator==(const Stats&, const Stats&) = default;
};

struct ServiceEntry {
    Service service;
    Stats stats;
};

struct DestinationEntry {
    Destination destination;
    std::uint32_t active_connections = 0;
    std::uint32_t inactive_connections = 0;
    std::uint32_t persistent_connections = 0;
    Stats stats;
};

} // namespace vigil::ipvs
