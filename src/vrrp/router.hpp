#pragma once
// The VRRP engine: every instance, sync group and tracked object of one daemon, driven by
// events with the current time as an argument. Pure: no sockets, no netlink, no clock.
//
// Contract for the caller (the daemon's event loop):
//  - Every event method appends the actions to carry out, in order, to `out`; drain them
//    after each call. Nothing is done behind the caller's back.
//  - Sleep until next_deadline(), then call on_timer(now). Calling on_timer early is
//    harmless; calling it late delays everything (and timers re-arm from `now`).
//  - Before start(), report the link state of tracked interfaces (on_link) and the source
//    addresses; those calls only record values until start().
//  - Receive path: decode and validate() with the codec, then on_advert() with the
//    instance the advert was validated against. Instances in INIT/FAULT ignore adverts;
//    dropped adverts must not reach the engine (a master keeps its own advert rate).
//  - Methods never throw after construction except std::bad_alloc. The constructor throws
//    std::invalid_argument for configurations the engine cannot run (zero advert
//    interval, duplicate instance names).

#include "vrrp/actions.hpp"
#include "vrrp/advert.hpp"
#include "vrrp/deadline_queue.hpp"
#include "vrrp/instance.hpp"
#include "vrrp/instance_config.hpp"
#include "vrrp/sync_group.hpp"
#include "vrrp/timers.hpp"
#include "vrrp/tracking.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vigil::vrrp {

enum class LinkState : std::uint8_t { up, down };

// What reload() asks the caller to do. `retire` refers to the OLD instance ids, whose
// configurations are `retired` (the Router no longer holds them); `apply` to the new ones.
// Carry out `retire` first, then `apply`.
struct ReloadPlan {
    std::vector<std::optional<InstanceId>> old_to_new; // per old instance: its successor
    std::vector<InstanceConfig> retired;               // per old instance: its configuration
    Actions retire;
    Actions apply;
};

// The Router owns the instances' configurations (the caller moves them in and reads them
// back through instance(id).config()); reload() hands the old ones back in the plan.
class Router {
public:
    explicit Router(std::vector<InstanceConfig> instances,
                    std::vector<SyncGroupConfig> groups = {});

    // --- Events ---------------------------------------------------------------------------
    // RFC 5798 section 6.4.1: every instance leaves Initialize (or goes to FAULT).
    void start(TimePoint now, Actions& out);
    // Shutdown: masters send priority 0 and remove their addresses, then STOP notifies
    // (instances, then groups). The router is inert afterwards.
    void stop(TimePoint now, Actions& out);
    // A valid advert for `instance` (already decoded and validated).
    void on_advert(InstanceId instance, const ReceivedAdvert& advert, TimePoint now,
                   Actions& out);
    // Runs every timer due at `now`. All SendAdvert actions of the batch come first (each
    // instance's advert still precedes its own address, GARP and notify actions).
    void on_timer(TimePoint now, Actions& out);
    // Link change of an interface (tracked by some instance, or the own interface).
    void on_link(std::string_view interface, LinkState state, TimePoint now, Actions& out);
    // A script / process tracker result (after rise/fall), or an interface by id.
    void on_tracker(TrackerId tracker, TrackerHealth health, TimePoint now, Actions& out);
    // A track_file value.
    void on_tracker_value(TrackerId tracker, std::int64_t value, TimePoint now, Actions& out);
    // The instance's source address appeared, changed or vanished (nullopt: FAULT).
    void on_source_address(InstanceId instance, std::optional<net::IpAddress> source, TimePoint now,
                           Actions& out);
    // A VIP/eVIP of `instance` was deleted by someone else while we are MASTER.
    void on_vip_deleted(InstanceId instance, const net::IpAddress& address, TimePoint now,
                        Actions& out);
    // SIGHUP, before the new configuration is read (router_reload.cpp): every MASTER sends
    // one advert with its current configuration, as keepalived's sigreload_vrrp does. A
    // backup that has not reloaded yet still lists the old addresses; this advert matches
    // them, while the one after reload() may not (an address-list mismatch is dropped,
    // RFC 3768 section 7.1), so a reload storm never lets the backup's timer run out.
    void advertise_before_reload(TimePoint now, Actions& out);
    // SIGHUP (router_reload.cpp): matches old and new instances as keepalived does (not by
    // name) and keeps their state; see ReloadPlan. Afterwards ids refer to `instances` of the
    // new config.
    // `sources` (by new id, optional) gives each instance's source address as known now, so
    // that an added instance starts in BACKUP like at start-up instead of passing through
    // FAULT ("no IPv4 address for interface") until on_source_address().
    ReloadPlan reload(std::vector<InstanceConfig> instances,
                      std::vector<SyncGroupConfig> groups, TimePoint now,
                      std::span<const std::optional<net::IpAddress>> sources = {});

    // --- Run-time changes (keepalived's SNMP Set, vrrp_snmp.c; router_control.cpp) --------
    // A new base priority (1..254; the caller validates): logs "(X) base priority changed
    // from A to B via SNMP." and the effective priority follows at once, tracking deltas
    // kept ("Changing effective priority", the BACKUP's down timer re-derived, priority
    // notifies). A BACKUP now above its master then preempts when its timer runs out; a
    // MASTER now below a peer is taken over on that peer's advert.
    void set_base_priority(InstanceId id, std::uint8_t priority, Actions& out);
    // vrrpInstancePreempt: logs "(X) preemption enabled/disabled with SNMP"; the next advert
    // is judged with the new mode.
    void set_preempt(InstanceId id, PreemptMode mode);

    // The earliest pending timer, or TimePoint::max().
    TimePoint next_deadline() const noexcept { return deadlines_.top_time(); }

    // --- Lookups ---------------------------------------------------------------------------
    // Receive dispatch: instances configured for (interface, family, vrid). Several when
    // unicast instances share a VRID with different peers.
    std::span<const InstanceId> find(std::string_view interface, net::Family family,
                                     std::uint8_t vrid) const noexcept;
    std::optional<InstanceId> find_instance(std::string_view name) const noexcept;
    std::optional<TrackerId> find_tracker(TrackerKind kind, std::string_view name) const noexcept;
    std::optional<GroupId> group_of(InstanceId instance) const noexcept;

    std::span<const Instance> instances() const noexcept { return instances_; }
    const Instance& instance(InstanceId id) const noexcept { return instances_[id]; }
    // The sum of the instance's trackers' weights now, before the clamp to 1..254 of its
    // effective priority (keepalived's total_priority is the base priority plus this).
    std::int64_t tracker_weights(InstanceId id) const noexcept;
    std::span<const SyncGroup> groups() const noexcept { return groups_; }
    std::span<const Tracker> trackers() const noexcept { return trackers_; }

private:
    struct Resolved {
        TrackerId tracker;
        TrackRef ref;
    };
    struct InterfaceSlots {
        // [family][vrid] -> instances
        std::array<std::vector<InstanceId>, 512> by_key;
    };
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };
    using InterfaceIndex =
        std::unordered_map<std::string, InterfaceSlots, StringHash, std::equal_to<>>;

    void build(std::vector<InstanceConfig> instances, std::vector<SyncGroupConfig> groups);
    TrackerId intern_tracker(TrackerKind kind, const std::string& name);
    // Any reason for FAULT, including unweighted trackers without a first result.
    bool own_fault(InstanceId id) const noexcept;
    // A known failure (pending trackers excluded).
    bool hard_fault(InstanceId id) const noexcept;
    std::uint8_t computed_priority(InstanceId id) const noexcept;
    void refresh(InstanceId id) noexcept;
    void refresh_group(InstanceId id) noexcept;
    void tracker_changed(TrackerId tracker, TimePoint now, Actions& out);
    void reevaluate(InstanceId id, TimePoint now, Actions& out);
    void go_master(InstanceId id, TransitionCause cause, TimePoint now, Actions& out);
    void sync_after_backup(InstanceId id, TransitionCause cause, DownTimer timer, TimePoint now,
                           Actions& out);
    void start_instance(InstanceId id, TimePoint now, Actions& out);
    bool start_fault(InstanceId id) const noexcept;
    void log_fault_reasons(InstanceId id) const;

    std::vector<Instance> instances_;
    std::vector<SyncGroup> groups_;
    std::vector<std::optional<GroupId>> group_of_;
    std::vector<Tracker> trackers_;
    // per TrackerKind: name -> id
    std::array<std::unordered_map<std::string, TrackerId, StringHash, std::equal_to<>>,
               tracker_kind_count>
        tracker_index_;
    std::vector<std::vector<Resolved>> tracks_;          // per instance
    std::vector<std::vector<InstanceId>> dependents_;    // per tracker
    std::unordered_map<std::string, InstanceId, StringHash, std::equal_to<>> by_name_;
    InterfaceIndex by_interface_;
    DeadlineQueue deadlines_;
    enum class Phase : std::uint8_t { configured, running, stopped };
    Phase phase_ = Phase::configured;
};

// The reduction of a decoded, validated advert that the engine needs.
ReceivedAdvert received_advert(const Advert& advert, const PacketMeta& meta);

// The advert `action` asks for, ready for the codec's encode_ipv4/encode_ipv6.
Advert make_advert(const InstanceConfig& config, const SendAdvert& action);

} // namespace vigil::vrrp
