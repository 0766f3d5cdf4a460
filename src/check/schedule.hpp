#pragma once
// When each checker runs next: a min-heap of (time, id) with lazy removal (an entry is
// live while it matches the checker's recorded due time and sequence number), so re-arming
// is O(log n) and a checker with an attempt in flight simply has no due time. Equal times
// come out in the order they were set, which keeps runs and log lines deterministic.
//
// Also the engine's one source of randomness (the warmup spread): splitmix64 from a seed,
// so that tests can fix it.

#include "check/clock.hpp"

#include <cstdint>
#include <vector>

namespace vigil::check {

class Schedule {
public:
    static constexpr TimePoint never = TimePoint::max();

    // Forgets everything and makes room for ids 0..size-1.
    void reset(std::size_t size);

    // Sets (or with `never`, clears) the due time of `id`.
    void set(std::uint32_t id, TimePoint when);
    TimePoint due(std::uint32_t id) const noexcept { return due_[id].when; }

    // Every due time `by` later (the order stays; no entry is added).
    void postpone(Duration by) noexcept;

    // The earliest due time, or `never`.
    TimePoint next() noexcept;
    // Removes and appends to `out` the ids due at or before `now`, earliest first, at most
    // `limit` of them (the others stay due).
    void take_due(TimePoint now, std::vector<std::uint32_t>& out, std::size_t limit = SIZE_MAX);

private:
    struct Due {
        TimePoint when = never;
        std::uint64_t sequence = 0;
    };
    struct Entry {
        TimePoint when;
        std::uint64_t sequence;
        std::uint32_t id;
        bool operator>(const Entry& other) const noexcept {
            return when > other.when || (when == other.when && sequence > other.sequence);
        }
    };
    bool live(const Entry& entry) const noexcept {
        return due_[entry.id].sequence == entry.sequence && due_[entry.id].when == entry.when;
    }
    void drop_stale() noexcept;

    std::vector<Due> due_;
    std::vector<Entry> heap_; // a min-heap (std::push_heap with std::greater)
    std::uint64_t sequence_ = 0;
};

// splitmix64 (Steele, Lea, Flood 2014): small, fast and good enough to spread start times.
class Random {
public:
    explicit Random(std::uint64_t seed) noexcept : state_(seed) {}
    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31U);
    }
    // Uniform in [0, limit] (keepalived: warmup * random() / RAND_MAX).
    Duration up_to(Duration limit) noexcept {
        if (limit <= Duration::zero()) {
            return Duration::zero();
        }
        const auto span = static_cast<std::uint64_t>(limit.count()) + 1U;
        return Duration{static_cast<Duration::rep>(next() % span)};
    }

private:
    std::uint64_t state_;
};

} // namespace vigil::check
