#pragma once
// The BFD child's random source: a Mersenne Twister seeded once from getrandom(2). Jitter
// and discriminators need unpredictability between runs, not cryptographic strength (RFC
// 5880 section 6.8.1 asks for random discriminators against blind spoofing).

#include "bfd/random_source.hpp"

#include <cstdint>
#include <random>

namespace vigil::bfdd {

class SystemRandom : public bfd::RandomSource {
public:
    SystemRandom() noexcept;
    std::uint32_t next() noexcept override { return static_cast<std::uint32_t>(engine_()); }

private:
    std::mt19937 engine_;
};

} // namespace vigil::bfdd
