// Trackers: vrrp_script, track_file and track_process watchers started for the
// configuration, and their results handed to the engine.
#include "vrrpd/vrrp_child.hpp"

namespace vigil::vrrpd {

void VrrpChild::bind_trackers() {
    script_ids_.clear();
    for (const track::TrackedScript& s : engine_.scripts) {
        script_ids_.push_back(router_->find_tracker(vrrp::TrackerKind::script, s.name).value_or(UINT32_MAX));
    }
    file_ids_.clear();
    for (const track::WatchedFile& f : engine_.files) {
        file_ids_.push_back(router_->find_tracker(vrrp::TrackerKind::file, f.name).value_or(UINT32_MAX));
    }
    process_ids_.clear();
    for (const config::TrackProcess* p : engine_.processes) {
        process_ids_.push_back(router_->find_tracker(vrrp::TrackerKind::process, p->name_).value_or(UINT32_MAX));
    }
}

void VrrpChild::start_trackers() {
    scripts_.start(engine_.scripts);
    files_.start(engine_.files);
    std::vector<config::TrackProcess> processes;
    for (const config::TrackProcess* p : engine_.processes) {
        processes.push_back(*p);
    }
    processes_.start(std::move(processes));
}

void VrrpChild::on_script(std::size_t index, track::ScriptStatus status) noexcept {
    if (index >= script_ids_.size() || script_ids_[index] == UINT32_MAX || stopping_) {
        return;
    }
    vrrp::Actions actions;
    const vrrp::TrackerHealth health = status == track::ScriptStatus::ok     ? vrrp::TrackerHealth::up
                                       : status == track::ScriptStatus::failed ? vrrp::TrackerHealth::down
                                                                        : vrrp::TrackerHealth::unknown;
    router_->on_tracker(script_ids_[index], health, vrrp::Clock::now(), actions);
    execute(actions);
    rearm();
}

void VrrpChild::on_file(std::size_t index, std::int64_t value) noexcept {
    if (index >= file_ids_.size() || file_ids_[index] == UINT32_MAX || stopping_ || !router_) {
        return;
    }
    vrrp::Actions actions;
    router_->on_tracker_value(file_ids_[index], value, vrrp::Clock::now(), actions);
    execute(actions);
    rearm();
}

void VrrpChild::on_process(std::size_t index, bool quorum) noexcept {
    if (index >= process_ids_.size() || process_ids_[index] == UINT32_MAX || stopping_ || !router_) {
        return;
    }
    vrrp::Actions actions;
    router_->on_tracker(process_ids_[index], quorum ? vrrp::TrackerHealth::up : vrrp::TrackerHealth::down,
                        vrrp::Clock::now(), actions);
    execute(actions);
    rearm();
}

} // namespace vigil::vrrpd
