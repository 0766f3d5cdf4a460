#include "vrrp/sync_group.hpp"

#include "util/log.hpp"

namespace vigil::vrrp {

SyncGroup::SyncGroup(GroupId id, SyncGroupConfig config, std::vector<InstanceId> members)
    : id_{id}, config_{std::move(config)}, members_{std::move(members)} {}

void SyncGroup::log_syncing(State to) const {
    log::info("VRRP_Group({}) Syncing instances to {} state", config_.name, to_string(to));
}

void SyncGroup::set_state(State to, Actions& out) {
    if (to == state_) {
        return;
    }
    state_ = to;
    const auto event = notify_event(to);
    if (!event) {
        return;
    }
    out.push_back(Notify{NotifyTarget::group, id_, config_.name, *event, 0});
}

} // namespace vigil::vrrp
