#include "bfd/drop_log.hpp"

#include "util/log.hpp"

#include <string>

namespace vigil::bfd {
namespace {

std::string pair(const ReceivedPacket& packet) {
    return fmt::format("[{}]:{}", packet.source.to_string(), packet.source_port);
}

// keepalived logs the specific complaint, then "Discarding bogus packet from ...".
void log_bogus(DropReason reason, const ReceivedPacket& packet, const ControlPacket& p) {
    switch (reason) {
    case DropReason::too_short:
        log::detail("Packet is too small: {} bytes", packet.payload.size());
        break;
    case DropReason::version:
        log::detail("Packet is of unsupported version: {}", p.version);
        break;
    case DropReason::length:
        log::detail("Packet size mismatch: length field: {} bytes, buffer size: {} bytes", p.length,
                    packet.payload.size());
        break;
    case DropReason::zero_multiplier:
        log::detail("Packet 'detection multiplier' field is zero");
        break;
    case DropReason::multipoint:
        log::detail("Packet has 'multipoint' flag");
        break;
    case DropReason::zero_my_discriminator:
        log::detail("Packet 'my discriminator' field is zero");
        break;
    case DropReason::zero_your_discriminator:
        log::detail("Packet 'your discriminator' field is zero and 'state' field is not Down "
                    "or AdminDown");
        break;
    case DropReason::poll_and_final:
        log::detail("Packet has both poll and final  flags set");
        break;
    case DropReason::diagnostic:
        log::detail("Packet has invalid 'diag' field: {}", static_cast<unsigned>(p.diagnostic));
        break;
    default:
        return;
    }
    log::detail("Discarding bogus packet from {}", pair(packet));
}

} // namespace

void DropLog::record(DropReason reason, const ReceivedPacket& packet, const Decoded& decoded,
                     std::uint8_t min_ttl, util::RateLimiter::Clock::time_point now) noexcept {
    const auto index = static_cast<std::size_t>(reason);
    ++counts_[index];
    if (!log::detail_enabled() || !limiters_[index].allow(now)) {
        return;
    }
    try {
        switch (reason) {
        case DropReason::none:
            return;
        case DropReason::unknown_discriminator:
        case DropReason::no_session:
            log::detail("Discarding packet from {} (session is not found - your discriminator "
                        "field is 0x{:08x})",
                        pair(packet), decoded.packet.your_discriminator);
            return;
        case DropReason::ttl:
            log::detail("Packet {}({}) < {} - discarding",
                        packet.source.family() == net::Family::ipv4 ? "ttl" : "hop_limit",
                        packet.ttl, min_ttl);
            return;
        case DropReason::authentication:
            log::detail("Discarding packet from {} (auth bit is set, but no authentication  is "
                        "in use)",
                        pair(packet));
            return;
        case DropReason::admin_down:
            log::detail("Discarding packet from {} (session is in AdminDown state)", pair(packet));
            return;
        default:
            log_bogus(reason, packet, decoded.packet);
            return;
        }
    } catch (...) {
        // Formatting the address failed (allocation): the count is kept, the line lost.
    }
}

} // namespace vigil::bfd
