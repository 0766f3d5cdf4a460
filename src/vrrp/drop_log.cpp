#include "vrrp/drop_log.hpp"

#include "util/log.hpp"

#include <new>

namespace vigil::vrrp {

std::uint64_t* drop_counter(Stats& stats, DropReason reason) noexcept {
    switch (reason) {
    case DropReason::length:
    case DropReason::total_length:
        return &stats.packet_len_err;
    case DropReason::ttl:
    case DropReason::peer_ttl:
        return &stats.ip_ttl_err;
    case DropReason::invalid_auth_type:
        return &stats.invalid_authtype;
    case DropReason::ah_unexpected:
    case DropReason::ah_missing:
    case DropReason::auth_type_mismatch:
        return &stats.authtype_mismatch;
    case DropReason::auth_failure:
    case DropReason::ah_icv:
    case DropReason::ah_spi:
    case DropReason::ah_replay:
        return &stats.auth_failure;
    case DropReason::invalid_type:
        return &stats.invalid_type_rcvd;
    case DropReason::address_count:
    case DropReason::address_missing:
    case DropReason::cast_mismatch:
        return &stats.addr_list_err;
    case DropReason::none:
    case DropReason::too_short:
    case DropReason::bad_ip_header:
    case DropReason::ah_not_vrrp:
    case DropReason::multicast_on_unicast:
    case DropReason::version:
    // keepalived 2.2.7 logs a v2 interval mismatch but counts nothing: observed with the
    // Debian binary, advert_interval_err stayed 0 in keepalived.json after 5 mismatches.
    case DropReason::interval_mismatch:
    case DropReason::checksum:
    case DropReason::unicast_source:
        return nullptr;
    }
    return nullptr;
}

namespace {

// keepalived counts advert_rcvd once the packet checks pass (vrrp_check_packet), before
// the VIP list and unicast source checks.
bool counts_as_received(DropReason reason) noexcept {
    return reason == DropReason::none || reason == DropReason::address_missing ||
           reason == DropReason::unicast_source || reason == DropReason::peer_ttl;
}

} // namespace

DropLog::DropLog() noexcept = default;

DropLog::State* DropLog::state() noexcept {
    if (!limiters_) {
        limiters_.reset(new (std::nothrow) State{});
    }
    return limiters_.get();
}

bool DropLog::allow(DropReason reason, RateLimiter::Clock::time_point now) noexcept {
    State* s = state();
    return s && s->limiters[static_cast<std::size_t>(reason)].allow(now);
}

void DropLog::record(std::string_view instance, const Verdict& verdict, const Decoded& decoded,
                     const ReceiveExpectations& expect, Stats& stats,
                     RateLimiter::Clock::time_point now) noexcept {
    if (counts_as_received(verdict.reason)) {
        ++stats.advert_rcvd;
    }
    if (verdict.accepted()) {
        if (decoded.advert.priority == 0) {
            ++stats.pri_zero_rcvd;
        }
        if (verdict.checksum_switch == ChecksumSwitch::to_old_unicast) {
            log::info("({}) Setting unicast VRRPv3 checksum to old version", instance);
        }
        return;
    }
    if (auto* counter = drop_counter(stats, verdict.reason)) {
        ++*counter;
    }
    if (State* s = state()) {
        ++s->dropped[static_cast<std::size_t>(verdict.reason)];
    }
    if (!allow(verdict.reason, now)) {
        return;
    }
    try {
        const auto line = drop_message(instance, verdict, decoded, expect);
        if (line.empty()) {
            return;
        }
        log::write(verdict.reason == DropReason::multicast_on_unicast ? log::Level::detail
                                                                      : log::Level::info,
                   line);
    } catch (...) {
        // Formatting failed (allocation): the line is lost, the counter is not.
    }
}

void DropLog::record_unattributed(DropReason reason, const Decoded& decoded,
                                  RateLimiter::Clock::time_point now) noexcept {
    if (State* s = state()) {
        ++s->unattributed[static_cast<std::size_t>(reason)];
    }
    if (!allow(reason, now)) {
        return;
    }
    try {
        Verdict verdict;
        verdict.reason = reason;
        const auto line = drop_message({}, verdict, decoded, ReceiveExpectations{});
        if (!line.empty()) {
            log::write(log::Level::info, line);
        }
    } catch (...) {
    }
}

std::uint64_t DropLog::suppressed(DropReason reason) const noexcept {
    return limiters_ ? limiters_->limiters[static_cast<std::size_t>(reason)].suppressed() : 0;
}

std::uint64_t DropLog::dropped(DropReason reason) const noexcept {
    return limiters_ ? limiters_->dropped[static_cast<std::size_t>(reason)] : 0;
}

std::uint64_t DropLog::dropped_unattributed(DropReason reason) const noexcept {
    return limiters_ ? limiters_->unattributed[static_cast<std::size_t>(reason)] : 0;
}

} // namespace vigil::vrrp
