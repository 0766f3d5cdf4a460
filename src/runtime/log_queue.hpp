#pragma once
// The bounded queue of one log sink (syslog or console): formatted lines that could not be
// written at once, oldest first. Pure: no I/O; LogSinks writes what front() shows.
//
// Contract:
//  - Bound: at most max_lines lines and max_bytes bytes of line text wait. A line that would
//    exceed either is dropped and counted (dropped()); nothing is dropped below the bound.
//  - Order: lines leave in the order they were pushed. A stream sink may write part of a
//    line: consume(n) keeps the rest at the front.
//  - Memory follows the queue: a drained queue keeps one block of line headers, not the burst.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace vigil::runtime {

class LogQueue {
public:
    static constexpr std::size_t max_lines = 65536;
    static constexpr std::size_t max_bytes = std::size_t{4} << 20; // 4 MiB

    [[nodiscard]] bool empty() const noexcept { return lines_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return lines_.size(); }
    [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }

    // Queues `line` behind the others, or drops and counts it past the bound (or when out of
    // memory).
    void push(std::string_view line) noexcept;
    // What is left to write of the oldest line; empty() must be false.
    [[nodiscard]] std::string_view front() const noexcept;
    // `written` bytes of front() went out; the line leaves the queue once all of it has.
    void consume(std::size_t written) noexcept;

    // Lines dropped since the last take_dropped().
    [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; }
    std::uint64_t take_dropped() noexcept;

    // Forgets every queued line (a forked child must not send its parent's lines again).
    void clear() noexcept;

private:
    std::deque<std::string> lines_;
    std::size_t front_written_ = 0; // bytes of lines_.front() already written
    std::size_t bytes_ = 0;         // text of the queued lines, written parts included
    std::uint64_t dropped_ = 0;
};

} // namespace vigil::runtime
