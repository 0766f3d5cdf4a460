#include "bfd/codec.hpp"

#include "util/byte_reader.hpp"
#include "util/byte_writer.hpp"

#include <limits>

namespace vigil::bfd {
namespace {

// Flag bits of the second byte (RFC 5880 section 4.1: |Sta|P|F|C|A|D|M|).
constexpr std::uint8_t flag_poll = 0x20;
constexpr std::uint8_t flag_final = 0x10;
constexpr std::uint8_t flag_cpi = 0x08;
constexpr std::uint8_t flag_auth = 0x04;
constexpr std::uint8_t flag_demand = 0x02;
constexpr std::uint8_t flag_multipoint = 0x01;

std::uint32_t wire_interval(Duration interval) noexcept {
    constexpr auto max = std::numeric_limits<std::uint32_t>::max();
    if (interval.count() <= 0) {
        return 0;
    }
    return interval.count() >= static_cast<Duration::rep>(max)
               ? max
               : static_cast<std::uint32_t>(interval.count());
}

// The stateless checks of RFC 5880 section 6.8.6, then keepalived 2.2.7's P+F and Diag ones.
DropReason check(const ControlPacket& p, std::size_t received) noexcept {
    if (p.version != bfd_version) {
        return DropReason::version;
    }
    const std::size_t minimum =
        p.authentication ? control_packet_size_with_auth : control_packet_size;
    if (p.length < minimum || p.length > received) {
        return DropReason::length;
    }
    if (p.detect_mult == 0) {
        return DropReason::zero_multiplier;
    }
    if (p.multipoint) {
        return DropReason::multipoint;
    }
    if (p.my_discriminator == 0) {
        return DropReason::zero_my_discriminator;
    }
    if (p.your_discriminator == 0 && p.state != SessionState::down &&
        p.state != SessionState::admin_down) {
        return DropReason::zero_your_discriminator;
    }
    if (p.poll && p.final) {
        return DropReason::poll_and_final;
    }
    if (static_cast<std::uint8_t>(p.diagnostic) > max_diagnostic) {
        return DropReason::diagnostic;
    }
    return DropReason::none;
}

} // namespace

Decoded decode(std::span<const std::byte> payload) noexcept {
    Decoded out;
    util::ByteReader reader{payload};
    const auto first = reader.u8();
    const auto flags = reader.u8();
    const auto mult = reader.u8();
    const auto length = reader.u8();
    const auto my = reader.u32();
    const auto your = reader.u32();
    const auto tx = reader.u32();
    const auto rx = reader.u32();
    const auto echo = reader.u32();
    if (!echo) {
        out.reason = DropReason::too_short;
        return out;
    }
    ControlPacket& p = out.packet;
    p.version = static_cast<std::uint8_t>(*first >> 5);
    p.diagnostic = static_cast<Diagnostic>(*first & 0x1f);
    p.state = static_cast<SessionState>(*flags >> 6);
    p.poll = (*flags & flag_poll) != 0;
    p.final = (*flags & flag_final) != 0;
    p.control_plane_independent = (*flags & flag_cpi) != 0;
    p.authentication = (*flags & flag_auth) != 0;
    p.demand = (*flags & flag_demand) != 0;
    p.multipoint = (*flags & flag_multipoint) != 0;
    p.detect_mult = *mult;
    p.length = *length;
    p.my_discriminator = *my;
    p.your_discriminator = *your;
    p.desired_min_tx = Duration{*tx};
    p.required_min_rx = Duration{*rx};
    p.required_min_echo_rx = Duration{*echo};
    out.reason = check(p, payload.size());
    return out;
}

void encode(const ControlPacket& p, std::vector<std::byte>& out) {
    util::ByteWriter writer{out};
    writer.u8(static_cast<std::uint8_t>((p.version << 5) |
                                        (static_cast<std::uint8_t>(p.diagnostic) & 0x1f)));
    std::uint8_t flags = static_cast<std::uint8_t>(static_cast<std::uint8_t>(p.state) << 6);
    flags |= p.poll ? flag_poll : 0;
    flags |= p.final ? flag_final : 0;
    flags |= p.control_plane_independent ? flag_cpi : 0;
    flags |= p.demand ? flag_demand : 0;
    flags |= p.multipoint ? flag_multipoint : 0;
    writer.u8(flags);
    writer.u8(p.detect_mult);
    writer.u8(static_cast<std::uint8_t>(control_packet_size));
    writer.u32(p.my_discriminator);
    writer.u32(p.your_discriminator);
    writer.u32(wire_interval(p.desired_min_tx));
    writer.u32(wire_interval(p.required_min_rx));
    writer.u32(wire_interval(p.required_min_echo_rx));
}

} // namespace vigil::bfd
