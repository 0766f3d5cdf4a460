#include "runtime/log_queue.hpp"

#include <utility>

namespace vigil::runtime {

void LogQueue::push(std::string_view line) noexcept {
    if (lines_.size() >= max_lines || bytes_ + line.size() > max_bytes) {
        ++dropped_;
        return;
    }
    try {
        lines_.emplace_back(line);
        bytes_ += line.size();
    } catch (...) {
        ++dropped_;
    }
}

std::string_view LogQueue::front() const noexcept {
    return std::string_view(lines_.front()).substr(front_written_);
}

void LogQueue::consume(std::size_t written) noexcept {
    front_written_ += written;
    if (front_written_ < lines_.front().size()) {
        return;
    }
    bytes_ -= lines_.front().size();
    front_written_ = 0;
    lines_.pop_front(); // libstdc++ frees each block of lines as it empties
}

std::uint64_t LogQueue::take_dropped() noexcept { return std::exchange(dropped_, 0); }

void LogQueue::clear() noexcept {
    lines_.clear();
    front_written_ = 0;
    bytes_ = 0;
    dropped_ = 0;
}

} // namespace vigil::runtime
