#include "vrrp/deadline_queue.hpp"

namespace vigil::vrrp {

void DeadlineQueue::resize(std::size_t size) {
    heap_.clear();
    heap_.reserve(size);
    slot_of_.assign(size, absent);
}

void DeadlineQueue::place(std::size_t slot, Entry entry) noexcept {
    heap_[slot] = entry;
    slot_of_[entry.id] = static_cast<std::uint32_t>(slot);
}

void DeadlineQueue::sift_up(std::size_t slot) noexcept {
    const Entry entry = heap_[slot];
    while (slot > 0) {
        const std::size_t parent = (slot - 1) / 2;
        if (!entry.before(heap_[parent])) {
            break;
        }
        place(slot, heap_[parent]);
        slot = parent;
    }
    place(slot, entry);
}

void DeadlineQueue::sift_down(std::size_t slot) noexcept {
    const Entry entry = heap_[slot];
    const std::size_t size = heap_.size();
    for (;;) {
        std::size_t child = 2 * slot + 1;
        if (child >= size) {
            break;
        }
        if (child + 1 < size && heap_[child + 1].before(heap_[child])) {
            ++child;
        }
        if (!heap_[child].before(entry)) {
            break;
        }
        place(slot, heap_[child]);
        slot = child;
    }
    place(slot, entry);
}

void DeadlineQueue::erase_slot(std::size_t slot) noexcept {
    slot_of_[heap_[slot].id] = absent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (slot == heap_.size()) {
        return;
    }
    place(slot, last);
    sift_up(slot);
    sift_down(slot_of_[last.id]);
}

void DeadlineQueue::set(std::uint32_t id, TimePoint when) noexcept {
    const std::uint32_t slot = slot_of_[id];
    if (when == never) {
        if (slot != absent) {
            erase_slot(slot);
        }
        return;
    }
    const std::uint64_t sequence = ++sequence_;
    if (slot == absent) {
        heap_.push_back({when, sequence, id}); // capacity reserved in resize(): no realloc
        slot_of_[id] = static_cast<std::uint32_t>(heap_.size() - 1);
        sift_up(heap_.size() - 1);
        return;
    }
    if (heap_[slot].when == when) {
        return; // unchanged: keeps its place among equal deadlines
    }
    const Entry old = heap_[slot];
    heap_[slot].when = when;
    heap_[slot].sequence = sequence;
    if (heap_[slot].before(old)) {
        sift_up(slot);
    } else {
        sift_down(slot);
    }
}

} // namespace vigil::vrrp
