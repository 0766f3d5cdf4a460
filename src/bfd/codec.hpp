#pragma once
// The BFD Control packet codec (RFC 5880 section 4.1). decode() reads through a
// bounds-checked reader and applies the stateless receive checks of RFC 5880 section 6.8.6
// in their order; encode() writes the 24-byte mandatory section (no authentication).

#include "bfd/control_packet.hpp"
#include "bfd/drop_reason.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace vigil::bfd {

struct Decoded {
    ControlPacket packet;                 // every field that could be read
    DropReason reason = DropReason::none; // none: the packet passed the stateless checks
};

// Decodes the UDP payload of a Control packet. Bytes after Length are ignored (RFC 5880
// section 6.8.6 only discards a Length greater than the payload).
Decoded decode(std::span<const std::byte> payload) noexcept;

// Appends the packet's 24-byte mandatory section to `out`. The Length field written is
// always 24 and the A bit is always clear: vigil sends no Authentication Section. Intervals
// above 2^32-1 us are written as 2^32-1.
void encode(const ControlPacket& packet, std::vector<std::byte>& out);

} // namespace vigil::bfd
