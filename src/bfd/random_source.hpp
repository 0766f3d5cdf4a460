#pragma once
// The core's only source of randomness (transmit jitter, RFC 5880 section 6.8.7, and local
// discriminators, section 6.8.1), injected so that tests replay exact schedules.

#include <cstdint>

namespace vigil::bfd {

class RandomSource {
public:
    virtual ~RandomSource() = default;
    // A uniformly distributed 32-bit value.
    virtual std::uint32_t next() noexcept = 0;
};

} // namespace vigil::bfd
