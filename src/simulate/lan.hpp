#pragma once
// The simulated Ethernet segment every node's interfaces are plugged into: which node a
// packet reaches (multicast: every other node; unicast: the node owning the destination),
// partitions between nodes, and loss on a node's sending side (deterministic: a seeded
// generator, so a scenario always gives the same timeline). Delivery takes `latency`.

#include "vrrp/timers.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace vigil::simulate {

class Lan {
public:
    explicit Lan(std::size_t nodes, vrrp::Duration latency = vrrp::Duration{0}, std::uint64_t seed = 1);

    vrrp::Duration latency() const noexcept { return latency_; }

    // Cuts (or mends) the link between `a` and each of `others`.
    void partition(std::size_t a, const std::vector<std::size_t>& others);
    void heal(std::size_t a, const std::vector<std::size_t>& others);
    bool connected(std::size_t a, std::size_t b) const noexcept;

    // Loss on `node`'s outgoing packets, 0..100 percent.
    void set_loss(std::size_t node, double percent);
    // Draws whether a packet `node` sends now is lost.
    bool lost(std::size_t node) noexcept;

private:
    vrrp::Duration latency_;
    std::set<std::pair<std::size_t, std::size_t>> cut_; // (low, high)
    std::vector<double> loss_;
    std::uint64_t state_;
};

} // namespace vigil::simulate
