#include "vrrp/codec.hpp"

#include "vrrp/byte_reader.hpp"
#include "vrrp/byte_writer.hpp"
#include "vrrp/checksum.hpp"
#include "vrrp/ipsec_ah.hpp"

#include <algorithm>

namespace vigil::vrrp {

std::size_t vrrp_message_length(std::uint8_t version, net::Family family,
                                std::size_t address_count) noexcept {
    // RFC 3768 section 5.1: v2 (IPv4) ends with 8 bytes of authentication data. keepalived
    // sends no auth data for its non-standard v2 over IPv6.
    const bool has_auth = version == 2 && family == net::Family::ipv4;
    return vrrp_header_length + address_count * net::address_length(family) +
           (has_auth ? auth_data_length : 0);
}

namespace {

// Parses the VRRP message starting at `message` (which may hold more or fewer bytes than the
// header implies). Fills advert fields, records length/version/type defects and sets
// out.expected_length relative to `prefix` (the IPv4 + AH header bytes before it).
// Returns false when even the fixed header is missing.
bool parse_message(std::span<const std::byte> message, net::Family family, std::size_t prefix,
                   Decoded& out) noexcept {
    ByteReader reader(message);
    const auto version_type = reader.u8();
    const auto vrid = reader.u8();
    const auto priority = reader.u8();
    const auto count = reader.u8();
    const auto word = reader.u16();
    const auto checksum = reader.u16();
    if (!checksum) {
        return false;
    }
    Advert& advert = out.advert;
    advert.version = static_cast<std::uint8_t>(*version_type >> 4);
    advert.type = static_cast<std::uint8_t>(*version_type & 0x0f);
    advert.vrid = *vrid;
    advert.priority = *priority;
    advert.address_count = *count;
    advert.checksum = *checksum;
    if (advert.version == 2) {
        // RFC 3768 section 5.3.6/5.3.7: auth type byte, then the interval in seconds.
        advert.auth_type = static_cast<std::uint8_t>(*word >> 8);
        advert.interval = Centiseconds{std::int64_t{*word & 0xff} * 100};
    } else {
        // RFC 5798 section 5.2.6/5.2.7: 4 reserved bits, 12-bit Max Adver Int (centiseconds).
        advert.auth_type = 0;
        advert.interval = Centiseconds{*word & 0x0fff};
    }

    const std::size_t length = vrrp_message_length(advert.version, family, advert.address_count);
    out.expected_length = prefix + length;
    if (message.size() != length) {
        out.defects.add(DropReason::length);
    }
    const std::size_t step = net::address_length(family);
    const std::size_t available =
        std::min<std::size_t>(advert.address_count, reader.remaining() / step);
    advert.addresses.clear();
    for (std::size_t i = 0; i < available; ++i) {
        advert.addresses.push_back(net::IpAddress::from_bytes(family, *reader.take(step)));
    }
    advert.auth_data = {};
    if (advert.version == 2 && family == net::Family::ipv4 && available == advert.address_count) {
        if (const auto auth = reader.take(auth_data_length)) {
            std::transform(auth->begin(), auth->end(), advert.auth_data.begin(),
                           [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
        }
    }
    if (advert.version != 2 && advert.version != 3) {
        out.defects.add(DropReason::version);
    }
    if (advert.type != advert_type) {
        out.defects.add(DropReason::invalid_type);
    }
    return true;
}

// RFC 9568 section 7.1 order for the value decode returns.
DropReason first_defect(const DropSet& defects) noexcept {
    for (const auto reason :
         {DropReason::ttl, DropReason::version, DropReason::length, DropReason::total_length,
          DropReason::checksum, DropReason::invalid_type}) {
        if (defects.contains(reason)) {
            return reason;
        }
    }
    return DropReason::none;
}

void check_ttl(Decoded& out) noexcept {
    // RFC 5798 section 7.1: multicast adverts MUST arrive with TTL/hop limit 255.
    if (out.meta.cast == Cast::multicast && out.meta.ttl && *out.meta.ttl != vrrp_ttl) {
        out.defects.add(DropReason::ttl);
    }
}

void reset(Decoded& out, net::Family family) noexcept {
    out.meta = PacketMeta{};
    out.meta.family = family;
    out.defects.clear();
    out.expected_length = 0;
    out.packet = {};
}

} // namespace

DropReason decode_ipv4(std::span<const std::byte> packet, Decoded& out,
                       const DecodeOptions& options) noexcept {
    reset(out, net::Family::ipv4);
    ByteReader ip(packet);
    const auto version_ihl = ip.u8();
    const auto tos = ip.u8();
    const auto total_length = ip.u16();
    const auto id = ip.u16();
    const auto fragment = ip.u16();
    const auto ttl = ip.u8();
    const auto protocol = ip.u8();
    const auto header_checksum = ip.u16();
    const auto source = ip.take(4);
    const auto destination = ip.take(4);
    (void)tos;
    (void)fragment;
    (void)header_checksum;
    if (!destination) {
        out.meta.received_length = packet.size();
        return DropReason::too_short;
    }
    const std::size_t ihl = std::size_t{*version_ihl & 0x0fu} * 4;
    if ((*version_ihl >> 4) != 4 || ihl < ipv4_header_length) {
        return DropReason::bad_ip_header;
    }
    PacketMeta& meta = out.meta;
    meta.source = net::IpAddress::from_bytes(net::Family::ipv4, *source);
    meta.destination = net::IpAddress::from_bytes(net::Family::ipv4, *destination);
    meta.ttl = *ttl;
    meta.cast = meta.destination.is_multicast() ? Cast::multicast : Cast::unicast;
    meta.ip_total_length = *total_length;
    meta.ip_id = *id;

    // Link-layer padding: a raw socket never sees bytes beyond tot_len, a capture does.
    std::span<const std::byte> bytes = packet;
    if (bytes.size() > *total_length && *total_length >= ihl) {
        bytes = bytes.first(*total_length);
    } else if (bytes.size() != *total_length) {
        out.defects.add(DropReason::total_length);
    }
    meta.received_length = bytes.size();
    out.packet = bytes;

    std::size_t prefix = ihl;
    if (*protocol == ip_protocol_ah) {
        if (bytes.size() < ihl + ah_header_length + vrrp_header_length) {
            return DropReason::too_short;
        }
        ByteReader ah(bytes.subspan(ihl));
        AhHeader header;
        header.next_header = *ah.u8();
        header.payload_length = *ah.u8();
        ah.skip(2);
        header.spi = *ah.u32();
        header.sequence = *ah.u32();
        const auto icv = *ah.take(header.icv.size());
        std::transform(icv.begin(), icv.end(), header.icv.begin(),
                       [](std::byte b) { return std::to_integer<std::uint8_t>(b); });
        meta.ah = header;
        if (header.next_header != ip_protocol_vrrp) {
            return DropReason::ah_not_vrrp;
        }
        prefix += ah_header_length;
    } else if (*protocol != ip_protocol_vrrp) {
        return DropReason::bad_ip_header;
    }
    if (bytes.size() < prefix + vrrp_header_length) {
        return DropReason::too_short;
    }
    const auto message = bytes.subspan(prefix);
    parse_message(message, net::Family::ipv4, prefix, out);
    check_ttl(out);

    if (!out.defects.contains(DropReason::length) && !out.defects.contains(DropReason::version)) {
        const std::uint8_t version = out.advert.version;
        if (vrrp_checksum(message, version, meta.source, meta.destination) == 0) {
            meta.checksum_form = ChecksumForm::standard;
        } else if (version == 3 && meta.cast == Cast::unicast &&
                   vrrp_checksum(message, version, meta.source, options.ipv4_multicast_group) ==
                       0) {
            meta.checksum_form = ChecksumForm::old_unicast;
        } else {
            meta.checksum_form = ChecksumForm::invalid;
            out.defects.add(DropReason::checksum);
        }
    }
    return first_defect(out.defects);
}

DropReason decode_ipv6(std::span<const std::byte> payload, const Ipv6Envelope& envelope,
                       Decoded& out) noexcept {
    reset(out, net::Family::ipv6);
    PacketMeta& meta = out.meta;
    meta.source = envelope.source;
    meta.destination = envelope.destination;
    meta.ttl = envelope.hop_limit;
    meta.cast = envelope.destination.is_multicast() ? Cast::multicast : Cast::unicast;
    meta.received_length = payload.size();
    out.packet = payload;
    if (payload.size() < vrrp_header_length) {
        return DropReason::too_short;
    }
    parse_message(payload, net::Family::ipv6, 0, out);
    check_ttl(out);
    if (!out.defects.contains(DropReason::length) && !out.defects.contains(DropReason::version)) {
        // RFC 5798 section 5.2.8 (the kernel verifies it too with IPV6_CHECKSUM).
        if (vrrp_checksum(payload, out.advert.version, meta.source, meta.destination) != 0) {
            meta.checksum_form = ChecksumForm::invalid;
            out.defects.add(DropReason::checksum);
        }
    }
    return first_defect(out.defects);
}

namespace {

void write_message(const Advert& advert, net::Family family, ByteWriter& writer) {
    writer.u8(static_cast<std::uint8_t>((advert.version << 4) | (advert.type & 0x0f)));
    writer.u8(advert.vrid);
    writer.u8(advert.priority);
    writer.u8(static_cast<std::uint8_t>(advert.addresses.size()));
    if (advert.version == 2) {
        writer.u8(advert.auth_type);
        writer.u8(static_cast<std::uint8_t>(advert.interval.count() / 100));
    } else {
        writer.u16(static_cast<std::uint16_t>(advert.interval.count() & 0x0fff));
    }
    writer.u16(0); // checksum, patched by the caller
    for (const auto& address : advert.addresses) {
        writer.bytes(address.bytes());
    }
    if (advert.version == 2 && family == net::Family::ipv4) {
        writer.bytes(advert.auth_data);
    }
}

} // namespace

std::size_t encode_ipv4(const Advert& advert, const Ipv4Envelope& envelope,
                        std::vector<std::byte>& out) {
    const std::size_t start = out.size();
    const bool ah =
        advert.version == 2 && advert.auth_type == static_cast<std::uint8_t>(AuthType::ah);
    const std::size_t length =
        vrrp_message_length(advert.version, net::Family::ipv4, advert.addresses.size()) +
        (ah ? ah_header_length : 0);
    ByteWriter writer(out);
    writer.u8(0x45);
    writer.u8(0xc0); // RFC 2474 CS6, as keepalived
    writer.u16(static_cast<std::uint16_t>(ipv4_header_length + length));
    writer.u16(envelope.id);
    writer.u16(0); // no DF, no fragment offset
    writer.u8(envelope.ttl);
    writer.u8(ah ? ip_protocol_ah : ip_protocol_vrrp);
    writer.u16(0);
    writer.bytes(envelope.source.bytes());
    writer.bytes(envelope.destination.bytes());
    if (ah) {
        // RFC 2402 section 2; keepalived uses the sender's address as SPI.
        writer.u8(ip_protocol_vrrp);
        writer.u8(4);
        writer.u16(0);
        writer.bytes(envelope.source.bytes());
        writer.u32(envelope.ah_sequence);
        for (std::size_t i = 0; i < 12; ++i) {
            writer.u8(0);
        }
    }

    const std::size_t vrrp_start = out.size();
    write_message(advert, net::Family::ipv4, writer);
    const net::IpAddress& pseudo_destination = envelope.checksum_form == ChecksumForm::old_unicast
                                              ? envelope.multicast_group
                                              : envelope.destination;
    writer.patch_u16(vrrp_start + 6,
                     vrrp_checksum(std::span(out).subspan(vrrp_start), advert.version,
                                   envelope.source, pseudo_destination));
    if (ah) {
        const AhIcv icv = ah_icv(std::span(out).subspan(start), envelope.ah_key,
                                 envelope.destination.is_multicast() ? AhTtl::keep : AhTtl::zero);
        std::transform(icv.begin(), icv.end(),
                       out.begin() + static_cast<std::ptrdiff_t>(start + ipv4_header_length + 12),
                       [](std::uint8_t b) { return std::byte{b}; });
    }
    writer.patch_u16(start + 10, internet_checksum(std::span(out).subspan(start, 20)));
    return vrrp_start - start;
}

void encode_ipv6(const Advert& advert, const net::IpAddress& source, const net::IpAddress& destination,
                 std::vector<std::byte>& out) {
    const std::size_t start = out.size();
    ByteWriter writer(out);
    write_message(advert, net::Family::ipv6, writer);
    writer.patch_u16(start + 6, vrrp_checksum(std::span(out).subspan(start), advert.version, source,
                                              destination));
}

} // namespace vigil::vrrp
