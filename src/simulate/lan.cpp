#include "simulate/lan.hpp"

#include <algorithm>

namespace vigil::simulate {
namespace {

std::pair<std::size_t, std::size_t> key(std::size_t a, std::size_t b) noexcept {
    return {std::min(a, b), std::max(a, b)};
}

} // namespace

Lan::Lan(std::size_t nodes, vrrp::Duration latency, std::uint64_t seed)
    : latency_(latency), loss_(nodes, 0.0), state_(seed == 0 ? 1 : seed) {}

void Lan::partition(std::size_t a, const std::vector<std::size_t>& others) {
    for (const std::size_t b : others) {
        if (a != b) {
            cut_.insert(key(a, b));
        }
    }
}

void Lan::heal(std::size_t a, const std::vector<std::size_t>& others) {
    for (const std::size_t b : others) {
        cut_.erase(key(a, b));
    }
}

bool Lan::connected(std::size_t a, std::size_t b) const noexcept { return !cut_.contains(key(a, b)); }

void Lan::set_loss(std::size_t node, double percent) {
    if (node < loss_.size()) {
        loss_[node] = std::clamp(percent, 0.0, 100.0);
    }
}

bool Lan::lost(std::size_t node) noexcept {
    if (node >= loss_.size() || loss_[node] <= 0.0) {
        return false;
    }
    // xorshift64*: a fixed sequence per seed.
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    const std::uint64_t draw = (state_ * 0x2545F4914F6CDD1DULL) >> 11;
    return static_cast<double>(draw) / static_cast<double>(1ULL << 53) * 100.0 < loss_[node];
}

} // namespace vigil::simulate
