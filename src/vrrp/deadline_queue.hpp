#pragma once
// An indexed binary min-heap of one deadline per instance: set() and top() are O(log n) and
// O(1), so a Router with thousands of instances re-arms a timer per advert cheaply.
// Equal deadlines come out in the order they were set (as keepalived's timer tree does),
// which keeps sync-group and log ordering deterministic.

#include "vrrp/timers.hpp"

#include <cstdint>
#include <vector>

namespace vigil::vrrp {

class DeadlineQueue {
public:
    static constexpr TimePoint never = TimePoint::max();

    explicit DeadlineQueue(std::size_t size = 0) { resize(size); }

    // Drops every deadline and makes room for ids 0..size-1.
    void resize(std::size_t size);

    // Sets (or, with `never`, clears) the deadline of `id`.
    void set(std::uint32_t id, TimePoint when) noexcept;

    bool empty() const noexcept { return heap_.empty(); }
    // The earliest deadline, or `never`.
    TimePoint top_time() const noexcept { return heap_.empty() ? never : heap_.front().when; }
    // The id with the earliest deadline; only valid when !empty().
    std::uint32_t top_id() const noexcept { return heap_.front().id; }

private:
    struct Entry {
        TimePoint when;
        std::uint64_t sequence;
        std::uint32_t id;

        bool before(const Entry& other) const noexcept {
            return when < other.when || (when == other.when && sequence < other.sequence);
        }
    };
    static constexpr std::uint32_t absent = UINT32_MAX;

    void place(std::size_t slot, Entry entry) noexcept;
    void sift_up(std::size_t slot) noexcept;
    void sift_down(std::size_t slot) noexcept;
    void erase_slot(std::size_t slot) noexcept;

    std::vector<Entry> heap_;
    std::vector<std::uint32_t> slot_of_; // id -> heap slot, or absent
    std::uint64_t sequence_ = 0;
};

} // namespace vigil::vrrp
