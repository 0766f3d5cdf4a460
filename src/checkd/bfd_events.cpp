// Up/Down records from the BFD child (keepalived's bfd_check_thread): each names a
// bfd_instance; the BFD_CHECKs that follow it take their real servers up or down.
#include "checkd/checker_child.hpp"

#include "bfd/event_record.hpp"
#include "util/log.hpp"

#include <array>
#include <cerrno>
#include <unistd.h>

namespace vigil::checkd {

void CheckerChild::on_bfd_events() noexcept {
    // The writer writes whole records (smaller than PIPE_BUF), so a read of a multiple of
    // the record size returns whole records.
    std::array<std::byte, bfd::event_record_size * 16> buffer{};
    for (;;) {
        const ssize_t n = ::read(bfd_events_, buffer.data(), buffer.size());
        if (n <= 0) {
            if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                loop_.remove_reader(bfd_events_); // the pipe is gone: nothing more will come
            }
            break;
        }
        const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now().time_since_epoch())
                                .count();
        for (std::size_t at = 0; at + bfd::event_record_size <= static_cast<std::size_t>(n);
             at += bfd::event_record_size) {
            const auto record = bfd::decode_event(
                std::span<const std::byte, bfd::event_record_size>(buffer.data() + at, bfd::event_record_size));
            if (!record) {
                continue;
            }
            log::detail("Received BFD event: instance {} is in state {} (delivered in {} usec)", record->name,
                        bfd::to_string(record->state), now_us - record->sent_us);
            if (!engine_ || stopping_) {
                continue;
            }
            try {
                check::Actions actions;
                engine_->on_bfd(record->name,
                                record->state == bfd::SessionState::up ? check::BfdReport::up : check::BfdReport::down,
                                actions);
                execute(actions);
            } catch (...) {
            }
        }
        if (static_cast<std::size_t>(n) < buffer.size()) {
            break;
        }
    }
    rearm();
}

} // namespace vigil::checkd
