#include "check/schedule.hpp"

#include <algorithm>
#include <functional>

namespace vigil::check {

void Schedule::reset(std::size_t size) {
    due_.assign(size, Due{});
    std::vector<Entry>().swap(heap_);
}

void Schedule::set(std::uint32_t id, TimePoint when) {
    Due& due = due_[id];
    due.when = when;
    due.sequence = ++sequence_;
    if (when != never) {
        heap_.push_back(Entry{when, due.sequence, id});
        std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
    }
}

void Schedule::postpone(Duration by) noexcept {
    for (Due& due : due_) {
        if (due.when != never) {
            due.when += by;
        }
    }
    for (Entry& entry : heap_) { // the same shift for all keeps the heap's order
        entry.when += by;
    }
}

void Schedule::drop_stale() noexcept {
    while (!heap_.empty() && !live(heap_.front())) {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
        heap_.pop_back();
    }
}

TimePoint Schedule::next() noexcept {
    drop_stale();
    return heap_.empty() ? never : heap_.front().when;
}

void Schedule::take_due(TimePoint now, std::vector<std::uint32_t>& out, std::size_t limit) {
    for (drop_stale(); limit > 0 && !heap_.empty() && heap_.front().when <= now; drop_stale(), --limit) {
        const std::uint32_t id = heap_.front().id;
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
        heap_.pop_back();
        due_[id].when = never;
        out.push_back(id);
    }
}

} // namespace vigil::check
