// Up/Down records from the BFD child (keepalived's vrrp_bfd_thread / vrrp_handle_bfd_event):
// each names a bfd_instance; the engine's track_bfd tracker of that name follows it.
#include "vrrpd/vrrp_child.hpp"

#include "bfd/event_record.hpp"
#include "util/log.hpp"

#include <array>
#include <cerrno>
#include <unistd.h>

namespace vigil::vrrpd {

void VrrpChild::on_bfd_events() noexcept {
    // The writer writes whole records (smaller than PIPE_BUF), so a read of a multiple of
    // the record size returns whole records.
    std::array<std::byte, bfd::event_record_size * 16> buffer{};
    vrrp::Actions actions;
    for (;;) {
        const ssize_t n = ::read(bfd_events_, buffer.data(), buffer.size());
        if (n <= 0) {
            if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                loop_.remove_reader(bfd_events_); // the pipe is gone: nothing more will come
            }
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
        for (std::size_t at = 0; at + bfd::event_record_size <= static_cast<std::size_t>(n);
             at += bfd::event_record_size) {
            const auto record = bfd::decode_event(
                std::span<const std::byte, bfd::event_record_size>(buffer.data() + at, bfd::event_record_size));
            if (!record) {
                continue;
            }
            log::detail("Received BFD event: instance {} is in state {} (delivered in {} usec)", record->name,
                        bfd::to_string(record->state), now_us - record->sent_us);
            if (!router_ || stopping_) {
                continue;
            }
            try {
                bfd_up_.insert_or_assign(record->name, record->state == bfd::SessionState::up);
            } catch (...) {
            }
            if (const auto tracker = router_->find_tracker(vrrp::TrackerKind::bfd, record->name)) {
                router_->on_tracker(*tracker,
                                    record->state == bfd::SessionState::up ? vrrp::TrackerHealth::up
                                                                           : vrrp::TrackerHealth::down,
                                    now, actions);
            }
        }
        if (static_cast<std::size_t>(n) < buffer.size()) {
            break;
        }
    }
    execute(actions);
    rearm();
}

} // namespace vigil::vrrpd
