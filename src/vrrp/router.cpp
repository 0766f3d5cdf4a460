#include "vrrp/router.hpp"

#include "util/log.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace vigil::vrrp {

namespace {

std::size_t slot_index(net::Family family, std::uint8_t vrid) noexcept {
    return (family == net::Family::ipv6 ? 256u : 0u) + vrid;
}

} // namespace

Router::Router(std::vector<InstanceConfig> instances, std::vector<SyncGroupConfig> groups) {
    build(std::move(instances), std::move(groups));
}

void Router::build(std::vector<InstanceConfig> instances, std::vector<SyncGroupConfig> groups) {
    instances_.reserve(instances.size());
    for (InstanceConfig& config : instances) {
        if (config.advert_interval <= Duration{0}) {
            throw std::invalid_argument("(" + config.name + ") advert interval must be positive");
        }
        const auto id = static_cast<InstanceId>(instances_.size());
        if (!by_name_.emplace(config.name, id).second) {
            throw std::invalid_argument("duplicate vrrp_instance " + config.name);
        }
        instances_.emplace_back(id, std::move(config));
    }

    group_of_.assign(instances_.size(), std::nullopt);
    for (SyncGroupConfig& config : groups) {
        const auto gid = static_cast<GroupId>(groups_.size());
        std::vector<InstanceId> members;
        for (const std::string& name : config.members) {
            const auto found = by_name_.find(name);
            if (found != by_name_.end() && !group_of_[found->second]) {
                group_of_[found->second] = gid;
                members.push_back(found->second);
            }
        }
        groups_.emplace_back(gid, std::move(config), std::move(members));
    }

    tracks_.resize(instances_.size());
    for (const Instance& instance : instances_) {
        const InstanceConfig& config = instance.config();
        auto& tracks = tracks_[instance.id()];
        const bool primary = config.primary_tracking == PrimaryTracking::track &&
                             !config.interface.empty();
        if (primary) {
            TrackRef own{TrackerKind::interface, config.interface, 0, TrackerReverse::normal};
            tracks.push_back({intern_tracker(TrackerKind::interface, config.interface), own});
        }
        for (const TrackRef& ref : config.trackers) {
            if (primary && ref.kind == TrackerKind::interface && ref.name == config.interface) {
                continue; // keepalived: "Ignoring track_interface IF since own interface"
            }
            tracks.push_back({intern_tracker(ref.kind, ref.name), ref});
        }
        // keepalived (vrrp.c vrrp_complete_instance, TRACK_ADDR): the interface of each VIP and
        // eVIP not marked no_track (e.g. an address VMAC, vrrp.51 on eth1) is tracked as an
        // unweighted interface: down, its addresses cannot be there, so the instance goes to
        // FAULT. Not shown as track_interface (dumps read config.trackers). An interface
        // already tracked keeps its own weight; with dont_track_primary, addresses on the
        // instance's own interface do not track it.
        for (const auto* list : {&config.vips, &config.evips}) {
            for (const VirtualAddress& vip : *list) {
                if (vip.tracking == AddressTracking::no_track || vip.interface.empty() ||
                    vip.interface == config.interface) {
                    continue;
                }
                const bool tracked = std::any_of(tracks.begin(), tracks.end(), [&](const Resolved& r) {
                    return r.ref.kind == TrackerKind::interface && r.ref.name == vip.interface;
                });
                if (!tracked) {
                    TrackRef ref{TrackerKind::interface, vip.interface, 0, TrackerReverse::normal};
                    tracks.push_back({intern_tracker(TrackerKind::interface, vip.interface), ref});
                }
            }
        }
    }
    dependents_.resize(trackers_.size());
    for (const Instance& instance : instances_) {
        for (const Resolved& resolved : tracks_[instance.id()]) {
            auto& list = dependents_[resolved.tracker];
            if (list.empty() || list.back() != instance.id()) {
                list.push_back(instance.id());
            }
        }
    }

    for (const Instance& instance : instances_) {
        const InstanceConfig& config = instance.config();
        auto slots = by_interface_.find(std::string_view{config.interface});
        if (slots == by_interface_.end()) {
            slots = by_interface_.emplace(config.interface, InterfaceSlots{}).first;
        }
        slots->second.by_key[slot_index(config.family, config.vrid)].push_back(instance.id());
    }
    deadlines_.resize(instances_.size());
}

TrackerId Router::intern_tracker(TrackerKind kind, const std::string& name) {
    if (const auto found = find_tracker(kind, name)) {
        return *found;
    }
    Tracker tracker{kind, name, TrackerHealth::unknown, 0};
    if (kind == TrackerKind::interface) {
        tracker.health = TrackerHealth::up; // until the daemon reports otherwise
    } else if (kind == TrackerKind::bfd) {
        // keepalived: a tracked BFD session is Down until the BFD child reports Up, so an
        // unweighted track_bfd holds its instance in FAULT from the start (observed).
        tracker.health = TrackerHealth::down;
    }
    const auto id = static_cast<TrackerId>(trackers_.size());
    tracker_index_[static_cast<std::size_t>(kind)].emplace(name, id);
    trackers_.push_back(std::move(tracker));
    return id;
}

std::span<const InstanceId> Router::find(std::string_view interface, net::Family family,
                                         std::uint8_t vrid) const noexcept {
    const auto slots = by_interface_.find(interface);
    if (slots == by_interface_.end()) {
        return {};
    }
    return slots->second.by_key[slot_index(family, vrid)];
}

std::optional<InstanceId> Router::find_instance(std::string_view name) const noexcept {
    const auto found = by_name_.find(name);
    if (found == by_name_.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::optional<TrackerId> Router::find_tracker(TrackerKind kind,
                                              std::string_view name) const noexcept {
    const auto& index = tracker_index_[static_cast<std::size_t>(kind)];
    const auto found = index.find(name);
    if (found == index.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::optional<GroupId> Router::group_of(InstanceId instance) const noexcept {
    return group_of_[instance];
}

// --- Tracking -----------------------------------------------------------------------------

bool Router::own_fault(InstanceId id) const noexcept {
    if (!instances_[id].source()) {
        return true; // keepalived: no address for the interface / track_src_ip
    }
    return std::any_of(tracks_[id].begin(), tracks_[id].end(), [&](const Resolved& resolved) {
        return track_effect(resolved.ref, trackers_[resolved.tracker]).fault;
    });
}

bool Router::hard_fault(InstanceId id) const noexcept {
    if (!instances_[id].source()) {
        return true;
    }
    return std::any_of(tracks_[id].begin(), tracks_[id].end(), [&](const Resolved& resolved) {
        const Tracker& tracker = trackers_[resolved.tracker];
        return tracker.health != TrackerHealth::unknown &&
               track_effect(resolved.ref, tracker).fault;
    });
}

std::int64_t Router::tracker_weights(InstanceId id) const noexcept {
    std::int64_t total = 0;
    for (const Resolved& resolved : tracks_[id]) {
        total += track_effect(resolved.ref, trackers_[resolved.tracker]).delta;
    }
    return total;
}

std::uint8_t Router::computed_priority(InstanceId id) const noexcept {
    return effective_priority(instances_[id].base_priority(), tracker_weights(id));
}

void Router::refresh(InstanceId id) noexcept { deadlines_.set(id, instances_[id].deadline()); }

void Router::refresh_group(InstanceId id) noexcept {
    if (const auto group = group_of_[id]) {
        for (const InstanceId member : groups_[*group].members()) {
            refresh(member);
        }
    } else {
        refresh(id);
    }
}

void Router::tracker_changed(TrackerId tracker, TimePoint now, Actions& out) {
    if (phase_ != Phase::running) {
        return;
    }
    const Tracker& changed = trackers_[tracker];
    for (const InstanceId id : dependents_[tracker]) {
        if (changed.kind == TrackerKind::bfd) {
            // keepalived's old-style prefix (vrrp_handle_bfd_event).
            log::info("VRRP_Instance({}) Tracked BFD instance {} is {}", instances_[id].name(),
                      changed.name, changed.health == TrackerHealth::up ? "UP" : "DOWN");
        }
        reevaluate(id, now, out);
    }
}

void Router::reevaluate(InstanceId id, TimePoint now, Actions& out) {
    Instance& instance = instances_[id];
    if (instance.state() == State::stop) {
        return;
    }
    instance.set_effective_priority(computed_priority(id), out);
    if (instance.awaiting_trackers()) {
        // Start-up with an unweighted tracker that has not reported yet: keepalived stays
        // silent (no FAULT line, even if the first result is a failure) and enters BACKUP
        // (not "(init)") once nothing fails (observed).
        if (!own_fault(id)) {
            instance.enter_backup(now, TransitionCause::recovered, DownTimer::full, out);
        }
        refresh(id);
        return;
    }
    const auto group = group_of_[id];
    if (!group) {
        const bool fault = own_fault(id);
        if (fault && instance.state() != State::fault) {
            instance.enter_fault(now, TransitionCause::fault, out);
            refresh(id);
        } else if (!fault && instance.state() == State::fault) {
            instance.enter_backup(now, TransitionCause::recovered, DownTimer::full, out);
            refresh(id);
        }
        refresh(id);
        return;
    }
    SyncGroup& sync = groups_[*group];
    const auto members = sync.members();
    const bool group_fault =
        std::any_of(members.begin(), members.end(), [&](InstanceId m) { return own_fault(m); });
    if (group_fault) {
        if (instance.state() != State::fault && own_fault(id)) {
            instance.enter_fault(now, TransitionCause::fault, out);
            refresh(id);
        }
        const bool others = std::any_of(members.begin(), members.end(), [&](InstanceId m) {
            return instances_[m].state() != State::fault;
        });
        if (others) {
            sync.log_syncing(State::fault);
            for (const InstanceId m : members) {
                if (instances_[m].state() != State::fault) {
                    instances_[m].enter_fault(now, TransitionCause::sync_group, out);
                    refresh(m);
                }
            }
        }
        sync.set_state(State::fault, out);
    } else if (sync.state() == State::fault ||
               std::any_of(members.begin(), members.end(),
                           [&](InstanceId m) { return instances_[m].state() == State::fault; })) {
        // The member whose fault cleared first, then the others (keepalived's order).
        if (instance.state() == State::fault) {
            instance.enter_backup(now, TransitionCause::recovered, DownTimer::full, out);
            refresh(id);
        }
        const bool others = std::any_of(members.begin(), members.end(), [&](InstanceId m) {
            return instances_[m].state() == State::fault;
        });
        if (others) {
            sync.log_syncing(State::backup);
            for (const InstanceId m : members) {
                if (instances_[m].state() == State::fault) {
                    instances_[m].enter_backup(now, TransitionCause::recovered, DownTimer::full,
                                               out);
                    refresh(m);
                }
            }
        }
        sync.set_state(State::backup, out);
    }
    refresh_group(id);
}

// --- Transitions with the sync-group rules -----------------------------------------------

void Router::go_master(InstanceId id, TransitionCause cause, TimePoint now, Actions& out) {
    Instance& instance = instances_[id];
    const auto group = group_of_[id];
    if (!group) {
        instance.enter_master(now, cause, out);
        refresh(id);
        refresh(id);
        return;
    }
    SyncGroup& sync = groups_[*group];
    const auto members = sync.members();
    // keepalived only syncs to MASTER when every member wants it; prefer BACKUP meanwhile.
    const bool all_want = std::all_of(members.begin(), members.end(), [&](InstanceId m) {
        return m == id || instances_[m].want_state() == State::master ||
               instances_[m].state() == State::master;
    });
    if (!all_want) {
        instance.wait_for_group(now);
        refresh(id);
        return;
    }
    instance.enter_master(now, cause, out);
    refresh(id);
    if (sync.state() != State::master) {
        sync.log_syncing(State::master);
    }
    for (const InstanceId m : members) {
        if (instances_[m].state() != State::master) {
            instances_[m].enter_master(now, TransitionCause::sync_group, out);
            refresh(m);
        }
    }
    sync.set_state(State::master, out);
    refresh_group(id);
}

void Router::sync_after_backup(InstanceId id, TransitionCause cause, DownTimer timer,
                               TimePoint now, Actions& out) {
    const auto group = group_of_[id];
    if (!group) {
        refresh(id);
        return;
    }
    SyncGroup& sync = groups_[*group];
    const auto members = sync.members();
    const bool others = std::any_of(members.begin(), members.end(), [&](InstanceId m) {
        return m != id && instances_[m].state() == State::master;
    });
    if (others) {
        sync.log_syncing(State::backup);
        for (const InstanceId m : members) {
            if (m != id && instances_[m].state() == State::master) {
                instances_[m].enter_backup(now, cause, timer, out);
                refresh(m);
            }
        }
    }
    sync.set_state(State::backup, out);
    refresh_group(id);
}

// --- Events ---------------------------------------------------------------------------------

void Router::log_fault_reasons(InstanceId id) const {
    const Instance& instance = instances_[id];
    for (const Resolved& resolved : tracks_[id]) {
        const Tracker& tracker = trackers_[resolved.tracker];
        if (!track_effect(resolved.ref, tracker).fault ||
            tracker.health == TrackerHealth::unknown) {
            continue;
        }
        switch (tracker.kind) {
        case TrackerKind::interface:
            log::info("({}): entering FAULT state (interface {} down)", instance.name(),
                      tracker.name);
            break;
        case TrackerKind::script:
            log::info("({}): entering FAULT state due to script {}", instance.name(),
                      tracker.name);
            break;
        case TrackerKind::file:
            log::info("({}): entering FAULT state due to file {}", instance.name(),
                      tracker.name);
            break;
        case TrackerKind::process:
            log::info("({}): entering FAULT state due to process {}", instance.name(),
                      tracker.name);
            break;
        case TrackerKind::bfd:
            break; // keepalived names no reason for a BFD session
        }
    }
    if (!instance.source()) {
        log::info("({}) entering FAULT state (no {} address for interface)", instance.name(),
                  instance.config().family == net::Family::ipv6 ? "IPv6" : "IPv4");
    }
}

bool Router::start_fault(InstanceId id) const noexcept {
    if (const auto group = group_of_[id]) {
        const auto members = groups_[*group].members();
        return std::any_of(members.begin(), members.end(),
                           [&](InstanceId m) { return hard_fault(m); });
    }
    return hard_fault(id);
}

void Router::start_instance(InstanceId id, TimePoint now, Actions& out) {
    Instance& instance = instances_[id];
    instance.reset_effective_priority(computed_priority(id));
    if (start_fault(id)) {
        log_fault_reasons(id);
        instance.enter_fault(now, TransitionCause::init, out);
    } else if (!own_fault(id)) {
        instance.start(now, out);
    }
    refresh(id);
}

// keepalived's start-up order (observed; vrrp.c vrrp_complete_init, then vrrp_scheduler.c
// vrrp_init_state): the fault reasons of every instance, "Syncing X to FAULT state" for each
// sync group that follows a faulty member, "(X) entering FAULT state" with its notifications
// for each faulty instance, then the notifications of every group (FAULT or BACKUP, in
// configuration order; none for a group of owners), "(X) removing VIPs." for every instance,
// then BACKUP (init) with its notifications / the owner's timer. So the FIFO reads: faulty
// instances, groups, backups.
void Router::start(TimePoint now, Actions& out) {
    if (phase_ != Phase::configured) {
        return;
    }
    phase_ = Phase::running;
    const auto count = static_cast<InstanceId>(instances_.size());
    for (InstanceId id = 0; id < count; ++id) {
        instances_[id].reset_effective_priority(computed_priority(id));
        if (hard_fault(id)) {
            log_fault_reasons(id);
        }
    }
    Actions group_notifies; // after the faulty instances' own
    for (SyncGroup& group : groups_) {
        const auto members = group.members();
        const auto faulty = std::find_if(members.begin(), members.end(),
                                         [&](InstanceId m) { return hard_fault(m); });
        if (faulty != members.end()) {
            log::info("VRRP_Group({}): Syncing {} to FAULT state", group.name(),
                      instances_[*faulty].name());
        }
        // keepalived (vrrp_sync.c vrrp_sync_set_group): a group whose members are all address
        // owners configured MASTER starts in MASTER, silently: no group notification then, nor
        // when its members become master.
        const bool owners =
            !members.empty() && std::all_of(members.begin(), members.end(), [&](InstanceId m) {
                const InstanceConfig& c = instances_[m].config();
                return c.priority == owner_priority && c.initial_state == InitialState::master;
            });
        if (faulty == members.end() && owners) {
            group.restore_state(State::master);
        } else {
            group.set_state(faulty != members.end() ? State::fault : State::backup, group_notifies);
        }
    }
    for (InstanceId id = 0; id < count; ++id) {
        if (start_fault(id)) {
            instances_[id].enter_fault(now, TransitionCause::init, out);
        }
    }
    std::move(group_notifies.begin(), group_notifies.end(), std::back_inserter(out));
    for (Instance& instance : instances_) {
        instance.remove_leftovers(out);
    }
    for (InstanceId id = 0; id < count; ++id) {
        // Instances waiting for a first tracker result stay in INIT, silently.
        if (instances_[id].state() != State::fault && !own_fault(id)) {
            instances_[id].start(now, out);
        }
        refresh(id);
    }
}

void Router::stop(TimePoint now, Actions& out) {
    if (phase_ != Phase::running) {
        phase_ = Phase::stopped;
        return;
    }
    phase_ = Phase::stopped;
    for (Instance& instance : instances_) {
        instance.release_for_stop(out);
    }
    for (Instance& instance : instances_) {
        instance.finish_stop(now, out);
        deadlines_.set(instance.id(), DeadlineQueue::never);
    }
    for (SyncGroup& group : groups_) {
        group.set_state(State::stop, out);
    }
}

void Router::on_advert(InstanceId id, const ReceivedAdvert& advert, TimePoint now,
                       Actions& out) {
    if (phase_ != Phase::running || id >= instances_.size()) {
        return;
    }
    switch (instances_[id].receive(advert, now, out)) {
    case InstanceOutcome::left_master:
        sync_after_backup(id, TransitionCause::sync_group, DownTimer::full, now, out);
        return;
    case InstanceOutcome::answered_lower_priority:
        if (const auto group = group_of_[id]) {
            for (const InstanceId m : groups_[*group].members()) {
                if (m != id && instances_[m].state() == State::master) {
                    instances_[m].announce_lower_priority(now, out);
                }
            }
            refresh_group(id);
            return;
        }
        break;
    case InstanceOutcome::wants_master:
    case InstanceOutcome::none:
        break;
    }
    refresh(id);
}

void Router::on_timer(TimePoint now, Actions& out) {
    if (phase_ != Phase::running) {
        return;
    }
    const std::size_t first = out.size();
    // Each expiry re-arms its instance strictly after `now` (intervals are positive), so
    // the loop ends after at most a few passes per instance.
    while (!deadlines_.empty() && deadlines_.top_time() <= now) {
        const InstanceId id = deadlines_.top_id();
        Instance& instance = instances_[id];
        const TransitionCause cause =
            instance.state() == State::init ? TransitionCause::init : TransitionCause::timeout;
        if (instance.expire(now, out) == InstanceOutcome::wants_master) {
            go_master(id, cause, now, out);
        }
        refresh(id);
    }
    // Adverts of the whole batch first: with hundreds of instances expiring together, the
    // last advert must not wait behind the address and GARP work of the others (lab
    // "Surprises" 7). Within one instance an advert already precedes its other actions.
    std::stable_partition(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                          [](const Action& action) {
                              return std::holds_alternative<SendAdvert>(action);
                          });
}

void Router::on_link(std::string_view interface, LinkState state, TimePoint now,
                     Actions& out) {
    const auto tracker = find_tracker(TrackerKind::interface, interface);
    if (!tracker) {
        return;
    }
    on_tracker(*tracker, state == LinkState::up ? TrackerHealth::up : TrackerHealth::down, now,
               out);
}

void Router::on_tracker(TrackerId tracker, TrackerHealth health, TimePoint now, Actions& out) {
    if (tracker >= trackers_.size() || trackers_[tracker].health == health) {
        return;
    }
    trackers_[tracker].health = health;
    trackers_[tracker].changed_at = now;
    tracker_changed(tracker, now, out);
}

void Router::on_tracker_value(TrackerId tracker, std::int64_t value, TimePoint now,
                              Actions& out) {
    if (tracker >= trackers_.size() || trackers_[tracker].value == value) {
        return;
    }
    trackers_[tracker].value = value;
    trackers_[tracker].changed_at = now;
    tracker_changed(tracker, now, out);
}

void Router::on_source_address(InstanceId id, std::optional<net::IpAddress> source, TimePoint now,
                               Actions& out) {
    if (id >= instances_.size()) {
        return;
    }
    instances_[id].set_source(std::move(source));
    if (phase_ == Phase::running) {
        reevaluate(id, now, out);
    }
}

void Router::on_vip_deleted(InstanceId id, const net::IpAddress& address, TimePoint now,
                            Actions& out) {
    if (phase_ != Phase::running || id >= instances_.size()) {
        return;
    }
    Instance& instance = instances_[id];
    if (instance.state() != State::master) {
        return;
    }
    const auto tracked = [&](const VirtualAddress& vip) {
        return vip.address == address && vip.tracking == AddressTracking::tracked;
    };
    const InstanceConfig& config = instance.config();
    if (std::none_of(config.vips.begin(), config.vips.end(), tracked) &&
        std::none_of(config.evips.begin(), config.evips.end(), tracked)) {
        return;
    }
    instance.enter_backup(now, TransitionCause::vip_deleted, DownTimer::skew, out);
    sync_after_backup(id, TransitionCause::vip_deleted, DownTimer::skew, now, out);
}

// --- Codec glue ---------------------------------------------------------------------------

ReceivedAdvert received_advert(const Advert& advert, const PacketMeta& meta) {
    return {meta.source, advert.priority, std::chrono::duration_cast<Duration>(advert.interval)};
}

Advert make_advert(const InstanceConfig& config, const SendAdvert& action) {
    Advert advert;
    advert.version = static_cast<std::uint8_t>(config.version);
    advert.vrid = config.vrid;
    advert.priority = action.priority;
    advert.interval = std::chrono::duration_cast<Centiseconds>(config.advert_interval);
    advert.addresses.reserve(config.vips.size());
    for (const VirtualAddress& vip : config.vips) {
        advert.addresses.push_back(vip.address);
    }
    advert.address_count = static_cast<std::uint8_t>(advert.addresses.size());
    if (config.version == ProtocolVersion::v2) {
        advert.auth_type = static_cast<std::uint8_t>(config.auth_type);
        if (config.auth_type == AuthType::pass) {
            advert.auth_data = config.auth_data;
        }
    }
    return advert;
}

} // namespace vigil::vrrp
