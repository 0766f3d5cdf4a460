#pragma once
// Per-instance counters. Field names and meanings mirror keepalived 2.2.7's vrrp_stats as
// written to /tmp/keepalived.json ("stats" object) and /tmp/keepalived.stats (SIGUSR2).

#include <cstdint>

namespace vigil::vrrp {

struct Stats {
    std::uint64_t advert_rcvd = 0; // passed the packet checks (before the VIP list)
    std::uint64_t advert_sent = 0;
    std::uint64_t become_master = 0;
    std::uint64_t release_master = 0;
    std::uint64_t packet_len_err = 0;      // DropReason::length, total_length
    std::uint64_t advert_interval_err = 0; // never incremented by keepalived 2.2.7 (observed)
    std::uint64_t ip_ttl_err = 0;          // DropReason::ttl, peer_ttl
    std::uint64_t invalid_type_rcvd = 0;   // DropReason::invalid_type
    std::uint64_t addr_list_err = 0;       // address_count, address_missing, cast_mismatch
    std::uint64_t invalid_authtype = 0;    // DropReason::invalid_auth_type
    std::uint64_t authtype_mismatch = 0;   // auth_type_mismatch, ah_unexpected, ah_missing
    std::uint64_t auth_failure = 0;        // auth_failure, ah_icv, ah_spi, ah_replay
    std::uint64_t pri_zero_rcvd = 0;       // accepted adverts with priority 0
    std::uint64_t pri_zero_sent = 0;

    friend bool operator==(const Stats&, const Stats&) = default;
};

} // namespace vigil::vrrp
