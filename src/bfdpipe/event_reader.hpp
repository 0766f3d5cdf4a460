#pragma once
// The reading end of a BFD event pipe, shared by the VRRP child (track_bfd) and the checker
// child (BFD_CHECK): keepalived's vrrp_bfd_thread / bfd_check_thread reading loop.
//
// Contract:
//  - `fd` is the non-blocking read end of a pipe whose writer writes whole records
//    (bfd::event_record_size bytes, below PIPE_BUF, so every write is atomic). read_events()
//    reads until a read returns less than its buffer: what was written before the call is
//    handled in it.
//  - Each record logs "Received BFD event: instance NAME is in state Up|Down (delivered in N
//    usec)" (detail, as keepalived with -D) and is passed to `on_record` with the time it was
//    read; records that do not decode are skipped.
//  - Returns PipeState::closed when a read returns end of file (the writer is gone; a closed
//    pipe stays readable, so the wake-up after the last records sees it) or fails for good:
//    the caller stops watching the fd. Never throws.

#include "bfd/event_record.hpp"

#include <chrono>
#include <cstdint>
#include <functional>

namespace vigil::bfdpipe {

enum class PipeState : std::uint8_t { open, closed };

using RecordCallback = std::function<void(const bfd::EventRecord& record, std::chrono::steady_clock::time_point read_at)>;

PipeState read_events(int fd, const RecordCallback& on_record) noexcept;

} // namespace vigil::bfdpipe
