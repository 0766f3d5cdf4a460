#include "bfdpipe/event_reader.hpp"

#include "util/log.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <span>

namespace vigil::bfdpipe {

PipeState read_events(int fd, const RecordCallback& on_record) noexcept {
    // A read of a multiple of the record size returns whole records.
    std::array<std::byte, bfd::event_record_size * 16> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n <= 0) {
            if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                return PipeState::closed;
            }
            return PipeState::open;
        }
        const auto now = std::chrono::steady_clock::now();
        const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
        for (std::size_t at = 0; at + bfd::event_record_size <= static_cast<std::size_t>(n);
             at += bfd::event_record_size) {
            try {
                const auto record = bfd::decode_event(
                    std::span<const std::byte, bfd::event_record_size>(buffer.data() + at, bfd::event_record_size));
                if (!record) {
                    continue;
                }
                log::detail("Received BFD event: instance {} is in state {} (delivered in {} usec)", record->name,
                            bfd::to_string(record->state), now_us - record->sent_us);
                on_record(*record, now);
            } catch (...) {
            }
        }
        if (static_cast<std::size_t>(n) < buffer.size()) {
            return PipeState::open;
        }
    }
}

} // namespace vigil::bfdpipe
