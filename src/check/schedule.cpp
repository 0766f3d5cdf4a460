#include "check/schedule.hpp"

namespace vigil::check {

void Schedule::reset(std::size_t size) {
    due_.assign(size, Due{});
    heap_ = {};
}

void Schedule::set(std::uint32_t id, TimePoint when) {
    Due& due = due_[id];
    due.when = when;
    due.sequence = ++sequence_;
    if (when != never) {
        heap_.push(Entry{when, due.sequence, id});
    }
}

void Schedule::drop_stale() noexcept {
    while (!heap_.empty() && !live(heap_.top())) {
        heap_.pop();
    }
}

TimePoint Schedule::next() noexcept {
    drop_stale();
    return heap_.empty() ? never : heap_.top().when;
}

void Schedule::take_due(TimePoint now, std::vector<std::uint32_t>& out) {
    for (drop_stale(); !heap_.empty() && heap_.top().when <= now; drop_stale()) {
        const std::uint32_t id = heap_.top().id;
        heap_.pop();
        due_[id].when = never;
        out.push_back(id);
    }
}

} // namespace vigil::check
