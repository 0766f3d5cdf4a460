#include "vrrp/validation.hpp"

#include "vrrp/ipsec_ah.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace vigil::vrrp {

bool auth_data_equal(const AuthData& a, const AuthData& b) noexcept {
    // No early exit: the time taken does not depend on where the first mismatch is.
    unsigned difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        difference |= static_cast<unsigned>(a[i] ^ b[i]);
    }
    return difference == 0;
}

namespace {

// keepalived prints addresses in this message as the network-order word read as a host
// integer (little-endian on the platforms Debian ships keepalived for).
std::uint32_t raw_le32(const std::array<std::uint8_t, 4>& b) noexcept {
    return std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 |
           std::uint32_t{b[3]} << 24;
}

std::array<std::uint8_t, 4> be_bytes(std::uint32_t value) noexcept {
    return {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
            static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

// keepalived's vrrp_in_chk_ipsecah: ICV, then SPI, then the anti-replay sequence number.
DropReason check_ah(const Decoded& decoded, const ReceiveExpectations& expect,
                    Verdict& verdict) noexcept {
    const AhHeader& ah = *decoded.meta.ah;
    const AhTtl ttl = expect.unicast_peers.empty() ? AhTtl::keep : AhTtl::zero;
    const AhIcv icv = ah_icv(decoded.packet, expect.auth_data, ttl);
    unsigned difference = 0;
    for (std::size_t i = 0; i < icv.size(); ++i) {
        difference |= static_cast<unsigned>(icv[i] ^ ah.icv[i]);
    }
    if (difference != 0) {
        return DropReason::ah_icv;
    }
    if (ah.spi != decoded.meta.source.v4_host_order()) {
        return DropReason::ah_spi;
    }
    if (ah.sequence <= expect.ah_sequence) {
        return DropReason::ah_replay;
    }
    verdict.ah_sequence = ah.sequence;
    return DropReason::none;
}

bool is_unicast_instance(const ReceiveExpectations& expect) noexcept {
    return !expect.unicast_peers.empty();
}

// RFC 5798 section 5.2.8 with keepalived's old_unicast_checksum compatibility.
DropReason check_checksum(const Decoded& decoded, const ReceiveExpectations& expect,
                          Verdict& verdict) noexcept {
    const PacketMeta& meta = decoded.meta;
    if (meta.family != net::Family::ipv4 || decoded.advert.version != 3) {
        return decoded.defects.contains(DropReason::checksum) ? DropReason::checksum
                                                              : DropReason::none;
    }
    switch (expect.unicast_checksum) {
    case UnicastChecksum::old:
        // Only the multicast-group form is verified (it equals the standard form when the
        // destination is the group itself).
        if (meta.checksum_form == ChecksumForm::old_unicast ||
            (meta.checksum_form == ChecksumForm::standard &&
             meta.destination == expect.ipv4_multicast_group)) {
            return DropReason::none;
        }
        return DropReason::checksum;
    case UnicastChecksum::never:
        return meta.checksum_form == ChecksumForm::standard ? DropReason::none
                                                            : DropReason::checksum;
    case UnicastChecksum::auto_detect:
        if (meta.checksum_form == ChecksumForm::standard) {
            return DropReason::none;
        }
        if (meta.checksum_form == ChecksumForm::old_unicast && is_unicast_instance(expect) &&
            meta.destination != expect.ipv4_multicast_group) {
            verdict.checksum_switch = ChecksumSwitch::to_old_unicast;
            return DropReason::none;
        }
        return DropReason::checksum;
    }
    return DropReason::checksum;
}

} // namespace

Verdict validate(const Decoded& decoded, const ReceiveExpectations& expect) noexcept {
    const Advert& advert = decoded.advert;
    const PacketMeta& meta = decoded.meta;
    const DropSet& defects = decoded.defects;
    const bool unicast_instance = is_unicast_instance(expect);
    Verdict verdict;
    const auto drop = [&verdict](DropReason reason) {
        verdict.reason = reason;
        return verdict;
    };

    // keepalived's dispatcher, before vrrp_check_packet (IPv6 only).
    if (meta.family == net::Family::ipv6 && unicast_instance && meta.cast == Cast::multicast) {
        return drop(DropReason::multicast_on_unicast);
    }
    if (meta.family == net::Family::ipv4 && meta.ah.has_value() != (expect.auth_type == AuthType::ah)) {
        return drop(meta.ah ? DropReason::ah_unexpected : DropReason::ah_missing);
    }
    if (defects.contains(DropReason::length)) {
        return drop(DropReason::length);
    }
    // RFC 5798 section 7.1 TTL/hop limit 255; keepalived relaxes it for unicast instances.
    if (!unicast_instance && meta.ttl && *meta.ttl != vrrp_ttl) {
        return drop(DropReason::ttl);
    }
    if (advert.version != expect.version) {
        return drop(DropReason::version);
    }
    if (advert.version == 2) {
        // RFC 3768 section 7.1: authentication and the advert interval must match.
        if (advert.auth_type > static_cast<std::uint8_t>(AuthType::ah)) {
            return drop(DropReason::invalid_auth_type);
        }
        if (advert.auth_type != static_cast<std::uint8_t>(expect.auth_type)) {
            return drop(DropReason::auth_type_mismatch);
        }
        if (expect.auth_type == AuthType::pass &&
            !auth_data_equal(advert.auth_data, expect.auth_data)) {
            return drop(DropReason::auth_failure);
        }
        if (expect.auth_type == AuthType::ah && meta.ah) {
            if (const auto reason = check_ah(decoded, expect, verdict);
                reason != DropReason::none) {
                return drop(reason);
            }
        }
        if (advert.interval != expect.interval) {
            return drop(DropReason::interval_mismatch);
        }
    }
    if (advert.type != advert_type) {
        return drop(DropReason::invalid_type);
    }
    if (expect.vip_check == VipCheck::check && advert.address_count != expect.addresses.size()) {
        return drop(DropReason::address_count);
    }
    if (defects.contains(DropReason::total_length)) {
        return drop(DropReason::total_length);
    }
    if (const auto reason = check_checksum(decoded, expect, verdict); reason != DropReason::none) {
        return drop(reason);
    }
    if ((meta.cast == Cast::multicast) == unicast_instance) {
        return drop(DropReason::cast_mismatch);
    }
    if (expect.vip_check == VipCheck::check) {
        // RFC 3768 section 7.1 MAY: every configured VIP must be in the advert.
        // Peers normally list the VIPs in the same order: check that in O(n) first.
        const bool same_order = std::equal(expect.addresses.begin(), expect.addresses.end(),
                                           advert.addresses.begin(), advert.addresses.end());
        for (const auto& address : same_order ? std::span<const net::IpAddress>{} : expect.addresses) {
            if (std::find(advert.addresses.begin(), advert.addresses.end(), address) ==
                advert.addresses.end()) {
                verdict.missing_address = address;
                return drop(DropReason::address_missing);
            }
        }
        if (unicast_instance && expect.check_unicast_src == UnicastSourceCheck::on) {
            const auto peer =
                std::find_if(expect.unicast_peers.begin(), expect.unicast_peers.end(),
                             [&](const UnicastPeer& p) { return p.address == meta.source; });
            if (peer == expect.unicast_peers.end()) {
                return drop(DropReason::unicast_source);
            }
            if (meta.ttl && (*meta.ttl < peer->min_ttl || *meta.ttl > peer->max_ttl)) {
                verdict.peer = *peer;
                return drop(DropReason::peer_ttl);
            }
        }
    }
    if (expect.priority == 255) {
        verdict.owner_conflict = OwnerConflict::heard_advert;
    }
    return verdict;
}

std::string drop_message(std::string_view instance, const Verdict& verdict, const Decoded& decoded,
                         const ReceiveExpectations& expect) {
    const Advert& advert = decoded.advert;
    const PacketMeta& meta = decoded.meta;
    const unsigned ttl = meta.ttl.value_or(0);
    switch (verdict.reason) {
    case DropReason::none:
    case DropReason::bad_ip_header:
    case DropReason::ah_not_vrrp:
        return {};
    case DropReason::too_short:
        return fmt::format("{} VRRP packet too short - {} bytes",
                           meta.family == net::Family::ipv4 ? "IPv4" : "IPv6", meta.received_length);
    case DropReason::multicast_on_unicast:
        return fmt::format("({}) discarding multicast packet on unicast instance", instance);
    case DropReason::ah_unexpected:
        return fmt::format("({}) Received AH header but auth type not AH", instance);
    case DropReason::ah_missing:
        return fmt::format("({}) No AH header but auth type is AH", instance);
    case DropReason::length:
        return fmt::format("({}) vrrp packet too {}, length {} and expect {}", instance,
                           meta.received_length > decoded.expected_length ? "long" : "short",
                           meta.received_length, decoded.expected_length);
    case DropReason::ttl:
        return fmt::format("({}) invalid TTL/HL. Received {} and expect {}", instance, ttl,
                           vrrp_ttl);
    case DropReason::version:
        return fmt::format("({}) wrong version. Received {} and expect {}", instance,
                           advert.version, expect.version);
    case DropReason::invalid_auth_type:
        return fmt::format("({}) Invalid auth type: {}", instance, advert.auth_type);
    case DropReason::auth_type_mismatch:
        return fmt::format("({}) received a {} auth, expecting {}!", instance, advert.auth_type,
                           static_cast<unsigned>(expect.auth_type));
    case DropReason::auth_failure:
        return fmt::format("({}) received an invalid passwd!", instance);
    case DropReason::ah_icv:
        return fmt::format("({}) IPSEC-AH : invalid IPSEC HMAC-MD5 value. Due to fields mutation "
                           "or bad password !",
                           instance);
    case DropReason::ah_spi:
        return fmt::format("IPSEC AH : invalid IPSEC SPI value. {} and expect {}",
                           raw_le32(be_bytes(meta.source.v4_host_order())),
                           raw_le32(be_bytes(meta.ah ? meta.ah->spi : 0)));
    case DropReason::ah_replay:
        return fmt::format("({}) IPSEC-AH : sequence number {} already processed. Packet "
                           "dropped. Local({})",
                           instance, meta.ah ? meta.ah->sequence : 0, expect.ah_sequence);
    case DropReason::interval_mismatch:
        return fmt::format("({}) advertisement interval mismatch mine={} sec rcv'd={} sec",
                           instance, expect.interval.count() / 100, advert.interval.count() / 100);
    case DropReason::invalid_type:
        return fmt::format("({}) Invalid packet type. {} and expect {}", instance, advert.type,
                           advert_type);
    case DropReason::address_count:
        return fmt::format("({}) received an unexpected ip number count {}, expected {}!", instance,
                           advert.address_count, expect.addresses.size());
    case DropReason::total_length:
        return fmt::format("({}) ip_tot_len mismatch against received length. {} and received {}",
                           instance, meta.ip_total_length, meta.received_length);
    case DropReason::checksum:
        return fmt::format("({}) Invalid VRRPv{} checksum", instance, expect.version);
    case DropReason::cast_mismatch: {
        const bool unicast_instance = !expect.unicast_peers.empty();
        return fmt::format("({}) Expected {}icast packet but received {}icast packet", instance,
                           unicast_instance ? "un" : "mult", unicast_instance ? "mult" : "un");
    }
    case DropReason::address_missing:
        return fmt::format("({}) ip address associated with VRID {} not present in MASTER "
                           "advert: {}",
                           instance, advert.vrid, verdict.missing_address);
    case DropReason::unicast_source:
        return fmt::format("({}) unicast source address {} not a unicast peer", instance,
                           meta.source);
    case DropReason::peer_ttl:
        return fmt::format("({}) TTL/HL {} not in range {} - {}", instance, ttl,
                           verdict.peer.min_ttl, verdict.peer.max_ttl);
    }
    return {};
}

} // namespace vigil::vrrp
