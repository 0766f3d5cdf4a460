#pragma once
// The IPsec AH sequence number of a VRRPv2 instance (RFC 2402 section 3.3.2), as keepalived
// 2.2.7 keeps it (vrrp.c vrrp_build_ipsecah / vrrp_state_become_master / vrrp_check_packet):
// one counter per instance, advanced by the adverts it sends and raised to the number of
// every valid advert it receives (anti-replay, validation.hpp).
// RFC 2402 forbids a sender to let the counter cycle. keepalived does not stop sending: past
// 0xFFFFFFFD the counter stays at 0xFFFFFFFE and is marked cycled (receivers then drop those
// adverts as replays, so a backup takes over); it starts again from 0 when the instance next
// becomes master (vrrp_state_goto_master, before the first advert of that mastership), or is
// unmarked when, as backup, it hears a master at or above it, or, as master, it yields to a
// higher one. A master answering a lower-priority master takes one past that master's number
// ("IPSEC-AH : Syncing seq_num"). We do the same, so that peers running keepalived see the
// same numbers (one difference: with lower_prio_no_advert keepalived syncs without answering;
// we sync with the answer, so there our next advert's number is one below keepalived's). With VRRPv2's whole seconds the cycle takes at least 136 years of adverts.

#include "vrrp/actions.hpp"

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
    // The number for an advert the engine asked for with `step` (actions.hpp).
    std::uint32_t next_to_send(AhStep step) noexcept {
        switch (step) {
        case AhStep::advance:
            break;
        case AhStep::new_mastership:
            became_master();
            break;
        case AhStep::answer_lower_master:
            // value_ already holds the lower master's number (received): keepalived goes one
            // past it before the answer's own increment (wrapping as its uint32_t does).
            ++value_;
            cycled_ = false;
            break;
        }
        return next_to_send();
    }
    // The instance has become master.
    void became_master() noexcept {
        if (cycled_) {
            cycled_ = false;
            value_ = 0;
        }
    }
    // As master, the instance heard a higher-priority master and yields to it.
    void yielded() noexcept { cycled_ = false; }

    [[nodiscard]] std::uint32_t value() const noexcept { return value_; }
    [[nodiscard]] bool cycled() const noexcept { return cycled_; }

private:
    std::uint32_t value_ = 0;
    bool cycled_ = false;
};

} // namespace vigil::vrrp
