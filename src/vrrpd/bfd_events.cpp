// Up/Down records from the BFD child (keepalived's vrrp_bfd_thread / vrrp_handle_bfd_event):
// each names a bfd_instance; the engine's track_bfd tracker of that name follows it.
#include "vrrpd/vrrp_child.hpp"

#include "bfdpipe/event_reader.hpp"

namespace vigil::vrrpd {

void VrrpChild::on_bfd_events() noexcept {
    vrrp::Actions actions;
    const auto state = bfdpipe::read_events(
        bfd_events_, [this, &actions](const bfd::EventRecord& record, std::chrono::steady_clock::time_point now) {
            if (!router_ || stopping_) {
                return;
            }
            const bool up = record.state == bfd::SessionState::up;
            bfd_up_.insert_or_assign(record.name, up);
            if (const auto tracker = router_->find_tracker(vrrp::TrackerKind::bfd, record.name)) {
                router_->on_tracker(*tracker, up ? vrrp::TrackerHealth::up : vrrp::TrackerHealth::down, now, actions);
            }
        });
    if (state == bfdpipe::PipeState::closed) {
        loop_.remove_reader(bfd_events_); // the pipe is gone: nothing more will come
    }
    execute(actions);
    rearm();
}

} // namespace vigil::vrrpd
