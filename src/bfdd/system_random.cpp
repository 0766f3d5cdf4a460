#include "bfdd/system_random.hpp"

#include <array>
#include <chrono>
#include <sys/random.h>
#include <unistd.h>

namespace vigil::bfdd {

SystemRandom::SystemRandom() noexcept {
    std::array<std::uint32_t, 8> seed{};
    if (::getrandom(seed.data(), sizeof seed, 0) != static_cast<ssize_t>(sizeof seed)) {
        // No entropy source: time and pid still differ between processes and runs.
        const auto t = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
        seed = {static_cast<std::uint32_t>(t), static_cast<std::uint32_t>(t >> 32),
                static_cast<std::uint32_t>(::getpid())};
    }
    std::seed_seq sequence(seed.begin(), seed.end());
    engine_.seed(sequence);
}

} // namespace vigil::bfdd
