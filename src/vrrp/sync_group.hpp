#pragma once
// A vrrp_sync_group: its members move together (keepalived 2.2.7 vrrp_sync.c behaviour,
// §4 "Sync groups"). The Router applies the rules; this holds the group's data and its
// log/notify wording.

#include "vrrp/actions.hpp"
#include "vrrp/instance_config.hpp"
#include "vrrp/state.hpp"

#include <span>
#include <vector>

namespace vigil::vrrp {

class SyncGroup {
public:
    SyncGroup(GroupId id, SyncGroupConfig config, std::vector<InstanceId> members);

    GroupId id() const noexcept { return id_; }
    const std::string& name() const noexcept { return config_.name; }
    const SyncGroupConfig& config() const noexcept { return config_; }
    std::span<const InstanceId> members() const noexcept { return members_; }
    // MASTER, BACKUP or FAULT (INIT before start, STOP after).
    State state() const noexcept { return state_; }

    // "VRRP_Group(G) Syncing instances to S state".
    void log_syncing(State to) const;
    // Records the group state; on a change queues the group notify (priority always 0).
    void set_state(State to, Actions& out);
    // Records the group state without notifying (reload).
    void restore_state(State state) noexcept { state_ = state; }

private:
    GroupId id_;
    SyncGroupConfig config_;
    std::vector<InstanceId> members_;
    State state_ = State::init;
};

} // namespace vigil::vrrp
