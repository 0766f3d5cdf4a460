// Up/Down records from the BFD child (keepalived's bfd_check_thread): each names a
// bfd_instance; the BFD_CHECKs that follow it take their real servers up or down.
#include "checkd/checker_child.hpp"

#include "bfdpipe/event_reader.hpp"

namespace vigil::checkd {

void CheckerChild::on_bfd_events() noexcept {
    const auto state = bfdpipe::read_events(bfd_events_, [this](const bfd::EventRecord& record, auto) {
        if (!engine_ || stopping_) {
            return;
        }
        check::Actions actions;
        engine_->on_bfd(record.name,
                        record.state == bfd::SessionState::up ? check::BfdReport::up : check::BfdReport::down, actions);
        execute(actions);
    });
    if (engine_) {
        control_.resync(engine_->checkers());
    }
    if (state == bfdpipe::PipeState::closed) {
        loop_.remove_reader(bfd_events_); // the pipe is gone: nothing more will come
    }
    rearm();
}

} // namespace vigil::checkd
