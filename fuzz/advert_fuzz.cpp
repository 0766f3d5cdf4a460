// libFuzzer target: decode + validate + log formatting on arbitrary bytes, both families.
// Input: one selector byte, then a network-layer packet: an IPv4 packet as a raw socket
// delivers it, or an IPv6 header + VRRP payload (the header stands in for the ancillary data).
// Selector bit 0: IPv6; bits 1-3 pick the receive expectations (version, auth, unicast,
// old checksum mode, VIP check, AH). Invariant checked: an accepted IPv4/IPv6 advert re-encodes
// to bytes that decode to the same advert.
#include "vrrp/codec.hpp"
#include "vrrp/validation.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

using namespace vigil::vrrp;
using namespace vigil::net;

namespace {

bool same_advert(const Advert& a, const Advert& b) {
    return a.version == b.version && a.type == b.type && a.vrid == b.vrid &&
           a.priority == b.priority && a.address_count == b.address_count &&
           a.interval == b.interval && a.addresses == b.addresses &&
           (a.version != 2 || a.auth_type == b.auth_type) && a.auth_data == b.auth_data;
}

ReceiveExpectations expectations(std::uint8_t selector, const Decoded& decoded,
                                 std::vector<UnicastPeer>& peers) {
    ReceiveExpectations expect;
    expect.version = (selector & 0x02) ? 3 : 2;
    expect.auth_type =
        (selector & 0x04) ? ((selector & 0x40) ? AuthType::ah : AuthType::pass) : AuthType::none;
    expect.auth_data = {'s', 'e', 'c', 'r', 'e', 't', '1', '2'};
    expect.priority = (selector & 0x40) ? 255 : 100;
    expect.addresses = decoded.advert.addresses;
    peers.clear();
    if (selector & 0x08) {
        peers.push_back({decoded.meta.source, 1, 254});
        peers.push_back({decoded.meta.destination});
        expect.check_unicast_src = UnicastSourceCheck::on;
    }
    expect.unicast_peers = peers;
    expect.unicast_checksum = static_cast<UnicastChecksum>((selector >> 4) % 3);
    expect.vip_check = (selector & 0x80) ? VipCheck::skip : VipCheck::check;
    return expect;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::uint8_t selector = data[0];
    const auto bytes = std::as_bytes(std::span(data + 1, size - 1));
    Decoded decoded;
    DropReason reason;
    Ipv6Envelope envelope;
    std::span<const std::byte> payload;
    if (selector & 0x01) {
        if (bytes.size() < 40) {
            return 0;
        }
        envelope.source = IpAddress::from_bytes(Family::ipv6, bytes.subspan(8, 16));
        envelope.destination = IpAddress::from_bytes(Family::ipv6, bytes.subspan(24, 16));
        envelope.hop_limit = std::to_integer<std::uint8_t>(bytes[7]);
        payload = bytes.subspan(40);
        reason = decode_ipv6(payload, envelope, decoded);
    } else {
        reason = decode_ipv4(bytes, decoded);
    }
    std::vector<UnicastPeer> peers;
    const auto expect = expectations(selector, decoded, peers);
    Verdict verdict;
    if (reason == DropReason::too_short || reason == DropReason::bad_ip_header ||
        reason == DropReason::ah_not_vrrp) {
        verdict.reason = reason;
    } else {
        verdict = validate(decoded, expect);
    }
    (void)drop_message("VI_1", verdict, decoded, expect);

    if (reason != DropReason::none) {
        return 0;
    }
    // Round trip: what decoded cleanly re-encodes to something that decodes the same.
    std::vector<std::byte> encoded;
    Decoded again;
    Advert advert = decoded.advert;
    if (selector & 0x01) {
        encode_ipv6(decoded.advert, envelope.source, envelope.destination, encoded);
        if (decode_ipv6(encoded, envelope, again) != DropReason::none) {
            std::abort();
        }
    } else {
        const auto form = decoded.meta.checksum_form == ChecksumForm::old_unicast
                              ? ChecksumForm::old_unicast
                              : ChecksumForm::standard;
        Ipv4Envelope envelope4{decoded.meta.source, decoded.meta.destination, decoded.meta.ip_id,
                               decoded.meta.ttl.value_or(255), form};
        if (decoded.meta.ah) {
            advert.auth_type = static_cast<std::uint8_t>(AuthType::ah);
            envelope4.ah_key = expect.auth_data;
            envelope4.ah_sequence = decoded.meta.ah->sequence;
        } else if (advert.auth_type == static_cast<std::uint8_t>(AuthType::ah)) {
            advert.auth_type = 0; // auth type 2 without an AH header: not encodable as such
        }
        encode_ipv4(advert, envelope4, encoded);
        if (decode_ipv4(encoded, again) != DropReason::none) {
            std::abort();
        }
    }
    if (!same_advert(advert, again.advert)) {
        std::abort();
    }
    return 0;
}
