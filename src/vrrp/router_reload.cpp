// Router::reload (SIGHUP): old and new instances matched as keepalived does
// (vrrp/reload_plan.hpp), their state kept, and the plan of what to retire and apply.
#include "vrrp/router.hpp"

#include "util/log.hpp"
#include "vrrp/reload_plan.hpp"

#include <algorithm>

namespace vigil::vrrp {

void Router::advertise_before_reload(TimePoint now, Actions& out) {
    if (phase_ != Phase::running) {
        return;
    }
    for (InstanceId id = 0; id < instances_.size(); ++id) {
        if (instances_[id].state() == State::master) {
            instances_[id].send_advert(now, out);
            refresh(id);
        }
    }
}

ReloadPlan Router::reload(std::vector<InstanceConfig> instances,
                          std::vector<SyncGroupConfig> groups, TimePoint now,
                          std::span<const std::optional<net::IpAddress>> sources) {
    Router next(std::move(instances), std::move(groups)); // may throw: nothing touched yet
    ReloadPlan plan;

    for (Tracker& tracker : next.trackers_) {
        if (const auto old = find_tracker(tracker.kind, tracker.name)) {
            tracker.health = trackers_[*old].health;
            tracker.value = trackers_[*old].value;
        } else if (tracker.kind == TrackerKind::script || tracker.kind == TrackerKind::process) {
            // keepalived: "VRRP_Script(S) considered successful on reload".
            tracker.health = TrackerHealth::up;
        }
    }

    std::vector<InstanceConfig> old_configs;
    std::vector<InstanceConfig> new_configs;
    old_configs.reserve(instances_.size());
    for (const Instance& instance : instances_) {
        old_configs.push_back(instance.config());
    }
    for (const Instance& instance : next.instances_) {
        new_configs.push_back(instance.config());
    }
    const auto new_to_old = match_instances(old_configs, new_configs);
    plan.old_to_new.assign(instances_.size(), std::nullopt);
    for (InstanceId n = 0; n < new_to_old.size(); ++n) {
        if (new_to_old[n]) {
            plan.old_to_new[*new_to_old[n]] = n;
        }
    }

    const bool running = phase_ == Phase::running;
    for (InstanceId o = 0; o < instances_.size(); ++o) {
        if (!plan.old_to_new[o] && running) {
            instances_[o].release_for_stop(plan.retire);
            instances_[o].notify_removed(plan.retire);
        }
    }

    next.phase_ = phase_;
    for (InstanceId n = 0; n < next.instances_.size(); ++n) {
        Instance& instance = next.instances_[n];
        if (!new_to_old[n]) {
            if (n < sources.size()) {
                instance.set_source(sources[n]);
            }
            if (running) {
                next.start_instance(n, now, plan.apply);
            }
            continue;
        }
        const Instance& old = instances_[*new_to_old[n]];
        instance.adopt_runtime(old);
        if (!running) {
            continue;
        }
        if (instance.state() == State::backup) {
            const AddressSet gone = address_difference(old.config(), instance.config());
            const AddressSet added = address_difference(instance.config(), old.config());
            if (!gone.vips.empty() || !gone.evips.empty() || !added.vips.empty() ||
                !added.evips.empty()) {
                instance.reload_backup(now);
            }
        } else if (instance.state() == State::master) {
            AddressSet removed = address_difference(old.config(), instance.config());
            for (const auto* list : {&removed.vips, &removed.evips}) {
                for (const VirtualAddress& vip : *list) {
                    log::info("({}) ip address {}/{} dev {}, no longer exist", instance.name(),
                              vip.address, vip.prefix_length, vip.interface);
                }
            }
            if (!removed.empty()) {
                plan.apply.push_back(RemoveAddresses{n, std::move(removed)});
            }
            instance.reload_master(now, address_difference(instance.config(), old.config()),
                                   plan.apply);
        }
        next.reevaluate(n, now, plan.apply);
    }
    for (SyncGroup& group : next.groups_) {
        const auto members = group.members();
        const auto all_in = [&](State state) {
            return !members.empty() &&
                   std::all_of(members.begin(), members.end(),
                               [&](InstanceId m) { return next.instances_[m].state() == state; });
        };
        const bool fault = std::any_of(members.begin(), members.end(), [&](InstanceId m) {
            return next.instances_[m].state() == State::fault;
        });
        group.restore_state(fault ? State::fault
                                  : all_in(State::master) ? State::master : State::backup);
    }
    for (InstanceId n = 0; n < next.instances_.size(); ++n) {
        next.refresh(n);
    }
    *this = std::move(next);
    plan.retired = std::move(old_configs);
    return plan;
}

} // namespace vigil::vrrp
