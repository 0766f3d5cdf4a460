#pragma once
// A set of DropReasons: the stateless defects decode found in one packet.

#include "vrrp/drop_reason.hpp"

#include <cstddef>
#include <cstdint>

namespace vigil::vrrp {

static_assert(drop_reason_count <= 32, "DropSet keeps one bit per DropReason");

class DropSet {
public:
    constexpr void add(DropReason reason) noexcept { bits_ |= bit(reason); }
    constexpr bool contains(DropReason reason) const noexcept { return (bits_ & bit(reason)) != 0; }
    constexpr bool empty() const noexcept { return bits_ == 0; }
    constexpr void clear() noexcept { bits_ = 0; }

private:
    static constexpr std::uint32_t bit(DropReason reason) noexcept {
        return std::uint32_t{1} << static_cast<unsigned>(reason);
    }
    std::uint32_t bits_ = 0;
};

} // namespace vigil::vrrp
