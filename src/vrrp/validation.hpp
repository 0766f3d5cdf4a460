#pragma once
// Per-instance receive checks (RFC 3768 section 7.1, RFC 9568 section 7.1 with errata 8298),
// evaluated in keepalived 2.2.7's order (vrrp_check_packet). Pure: no logging, no counters;
// DropLog (drop_log.hpp) turns a Verdict into counters and keepalived's log lines.
//
// The caller has already matched the advert's VRID to this instance (RFC 9568: "MUST verify
// that the VRID is configured on the receiving interface") and skips instances in INIT or
// FAULT, as keepalived does.

#include "vrrp/advert.hpp"
#include "vrrp/codec.hpp"
#include "vrrp/drop_reason.hpp"
#include "net/ip_address.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vigil::vrrp {

struct UnicastPeer {
    net::IpAddress address;
    std::uint8_t min_ttl = 0; // unicast_peer { A min_ttl N max_ttl M }
    std::uint8_t max_ttl = 255;
};

// keepalived's skip_check_adv_addr: the caller passes `skip` when the option is set and
// the advert comes from the same master as the previous one.
enum class VipCheck : std::uint8_t { check, skip };
enum class UnicastSourceCheck : std::uint8_t { off, on };
// keepalived's unicast_chksum_compat: auto_detect (default: accept the old form once and
// switch to it), never (`old_unicast_checksum never`), old (configured, or auto-detected:
// only the old form is accepted and sent).
enum class UnicastChecksum : std::uint8_t { auto_detect, never, old };

struct ReceiveExpectations {
    std::uint8_t version = 2;
    AuthType auth_type = AuthType::none;
    AuthData auth_data{};                       // PASS: first 8 bytes of auth_pass, NUL padded
    Centiseconds interval{100};                 // own advert_int (v2 must match)
    std::uint8_t priority = 100;                // own effective priority (255 = owner)
    std::span<const net::IpAddress> addresses;       // configured VIPs, in order
    std::span<const UnicastPeer> unicast_peers; // empty: multicast instance
    UnicastSourceCheck check_unicast_src = UnicastSourceCheck::off;
    UnicastChecksum unicast_checksum = UnicastChecksum::auto_detect;
    VipCheck vip_check = VipCheck::check;
    net::IpAddress ipv4_multicast_group = vrrp_multicast_v4;
    // AH: the instance's sequence counter (keepalived shares it between send and receive).
    std::uint32_t ah_sequence = 0;
};

// Side effects the caller must apply even though the advert was accepted.
enum class ChecksumSwitch : std::uint8_t { none, to_old_unicast };
// RFC 9568 erratum 8298: an address owner hearing an advert for its VRID SHOULD log the
// misconfiguration but processes the advert (keepalived resolves it in the master state).
enum class OwnerConflict : std::uint8_t { none, heard_advert };

struct Verdict {
    DropReason reason = DropReason::none;
    ChecksumSwitch checksum_switch = ChecksumSwitch::none;
    OwnerConflict owner_conflict = OwnerConflict::none;
    net::IpAddress missing_address; // DropReason::address_missing
    UnicastPeer peer;          // DropReason::peer_ttl: the matched peer
    // AH: a new value for the instance's sequence counter, set once the ICV, SPI and sequence
    // checks passed, even if a later check drops the advert (as keepalived does).
    std::optional<std::uint32_t> ah_sequence;

    bool accepted() const noexcept { return reason == DropReason::none; }
};

Verdict validate(const Decoded& decoded, const ReceiveExpectations& expect) noexcept;

// keepalived's log line for a drop, prefixed with "(NAME) " where keepalived does, e.g.
// "(VI_1) received an invalid passwd!". Empty for reasons keepalived does not log.
std::string drop_message(std::string_view instance, const Verdict& verdict, const Decoded& decoded,
                         const ReceiveExpectations& expect);

// Constant-time comparison of two 8-byte authentication fields.
bool auth_data_equal(const AuthData& a, const AuthData& b) noexcept;

} // namespace vigil::vrrp
