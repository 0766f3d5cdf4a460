#pragma once
// The IPsec AH sequence number of a VRRPv2 instance (RFC 2402 section 3.3.2), as keepalived
// 2.2.7 keeps it (vrrp.c vrrp_build_ipsecah / vrrp_state_become_master / vrrp_check_packet):
// one counter per instance, advanced by the adverts it sends and raised to the number of
// every valid advert it receives (anti-replay, validation.hpp).
// RFC 2402 forbids a sender to let the counter cycle. keepalived does not stop sending: past
// 0xFFFFFFFD the counter stays at 0xFFFFFFFE and is marked cycled (receivers then drop those
// adverts as replays, so a backup takes over); it starts again from 0 when the instance next
// becomes master, or is unmarked when, as backup, it hears a master at or above it. We do
// the same, so that peers running keepalived see the same numbers (one difference: the VRRP
// child applies became_master() with the transition's notification, after the first advert
// of the new mastership has left, where keepalived resets before it). With VRRPv2's whole
// seconds the cycle takes at least 136 years of adverts.

#include <cstdint>

namespace vigil::vrrp {

class AhSequence {
public:
    static constexpr std::uint32_t last_increment_from = 0xFFFFFFFD;

    // The number for the next advert sent.
    std::uint32_t next_to_send() noexcept {
        if (value_ > last_increment_from) {
            cycled_ = true;
        } else {
            ++value_;
        }
        return value_;
    }
    // A valid advert's number was accepted (it is above ours: the anti-replay rule).
    void received(std::uint32_t sequence, bool as_backup) noexcept {
        if (as_backup && sequence >= value_) {
            cycled_ = false;
        }
        if (sequence > value_) {
            value_ = sequence;
        }
    }
    // The instance has become master.
    void became_master() noexcept {
        if (cycled_) {
            cycled_ = false;
            value_ = 0;
        }
    }

    [[nodiscard]] std::uint32_t value() const noexcept { return value_; }
    [[nodiscard]] bool cycled() const noexcept { return cycled_; }

private:
    std::uint32_t value_ = 0;
    bool cycled_ = false;
};

} // namespace vigil::vrrp
