#pragma once
// One VRRP instance: the RFC 3768/5798/9568 section 6.4 state machine with keepalived 2.2.7's
// extensions (FAULT, tracking, GARP bursts). Pure: time is an argument, effects are
// appended to an Actions list. Instances are owned and driven by a Router, which also
// applies the sync-group rules; the read accessors are public for dumps and tests.

#include "vrrp/actions.hpp"
#include "vrrp/instance_config.hpp"
#include "net/ip_address.hpp"
#include "vrrp/state.hpp"
#include "vrrp/timers.hpp"

#include <cstdint>
#include <optional>

namespace vigil::vrrp {

// A received advertisement that passed every receive check (the codec's decode and the
// per-instance validation), reduced to what the state machine needs.
struct ReceivedAdvert {
    net::IpAddress source;           // IP source address of the packet
    std::uint8_t priority = 0;  // 0 = the master is releasing (RFC 5798 section 6.4.3)
    Duration interval{};        // advertised interval, converted from the wire unit
};

// Why the last transition happened (recorded for dumps and tests).
enum class TransitionCause : std::uint8_t {
    none,
    init,             // start-up or a new instance on reload
    timeout,          // Master_Down_Timer expired
    higher_priority,  // a better master advertised
    fault,            // tracker, link or source address failure
    recovered,        // every fault cleared
    vip_deleted,      // a tracked VIP was deleted by hand
    sync_group,       // a sync-group member moved
    stop,             // shutdown
};

// RFC 6527 vrrpv3StatisticsNewMasterReason: why the instance last became MASTER
// (keepalived's rules: a priority-0 advert seen as backup, a lower-priority advert
// discarded (preemption, also an address owner starting up), else the master's silence).
enum class MasterReason : std::uint8_t { not_master = 0, priority = 1, preempted = 2, master_no_response = 3 };

struct InstanceStats {
    std::uint64_t adverts_sent = 0;
    std::uint64_t adverts_received = 0; // valid adverts handed to the engine
    std::uint64_t become_master = 0;
    std::uint64_t release_master = 0;
    std::uint64_t priority_zero_received = 0;
    std::uint64_t priority_zero_sent = 0;
};

// What receive() and expire() ask the Router to do next.
enum class InstanceOutcome : std::uint8_t {
    none,
    left_master,            // MASTER -> BACKUP on a better advert: sync the group
    answered_lower_priority, // MASTER saw a worse master: group members re-announce too
    wants_master,           // Master_Down_Timer expired: go MASTER (if the group agrees)
};

// How a BACKUP entry arms the Master_Down_Timer.
enum class DownTimer : std::uint8_t { full, skew };

class Instance {
public:
    Instance(InstanceId id, InstanceConfig config);

    InstanceId id() const noexcept { return id_; }
    const InstanceConfig& config() const noexcept { return config_; }
    const std::string& name() const noexcept { return config_.name; }
    State state() const noexcept { return state_; }
    // The state the instance would be in without its sync group (keepalived's wantstate).
    State want_state() const noexcept { return want_state_; }
    std::uint8_t base_priority() const noexcept { return base_priority_; }
    std::uint8_t effective_priority() const noexcept { return effective_priority_; }
    // Master_Adver_Interval: v3 backups learn it from the master (RFC 5798 section 6.4.2).
    Duration master_adver_interval() const noexcept { return master_adver_interval_; }
    Duration master_down_interval() const noexcept;
    Duration skew() const noexcept;
    const std::optional<net::IpAddress>& master_address() const noexcept { return master_address_; }
    std::uint8_t master_priority() const noexcept { return master_priority_; }
    TimePoint last_transition() const noexcept { return last_transition_; }
    TransitionCause last_cause() const noexcept { return last_cause_; }
    const InstanceStats& stats() const noexcept { return stats_; }
    // not_master until the first MASTER; then kept across later states (as keepalived).
    MasterReason master_reason() const noexcept { return master_reason_; }
    const std::optional<net::IpAddress>& source() const noexcept { return source_; }
    // Started, but still in INIT until its unweighted trackers first report.
    bool awaiting_trackers() const noexcept {
        return state_ == State::init && want_state_ == State::init;
    }
    // The earliest pending timer, or TimePoint::max().
    TimePoint deadline() const noexcept;
    // The Master_Down_Timer (BACKUP) or advert timer (MASTER), or TimePoint::max().
    TimePoint main_deadline() const noexcept { return main_deadline_; }

    // --- Driven by the Router ---------------------------------------------------------
    void set_source(std::optional<net::IpAddress> source) noexcept { source_ = std::move(source); }
    // Applies a new effective priority (logs and emits FIFO events when it changes).
    void set_effective_priority(std::uint8_t priority, Actions& out);

    // RFC 5798 section 6.4.2 (Backup) and 6.4.3 (Master) "if an ADVERTISEMENT is received".
    InstanceOutcome receive(const ReceivedAdvert& advert, TimePoint now, Actions& out);
    // Runs every timer due at `now`.
    InstanceOutcome expire(TimePoint now, Actions& out);

    // Start-up: remove addresses a previous run may have left ("(X) removing VIPs.").
    void remove_leftovers(Actions& out);
    // INIT with nothing failing: an owner wanting MASTER arms a 1 us timer (no BACKUP
    // notify); everyone else enters "BACKUP STATE (init)" with the full down timer.
    void start(TimePoint now, Actions& out);
    void enter_master(TimePoint now, TransitionCause cause, Actions& out);
    void enter_backup(TimePoint now, TransitionCause cause, DownTimer timer, Actions& out);
    void enter_fault(TimePoint now, TransitionCause cause, Actions& out);
    // Shutdown (and removal on reload): a MASTER sends priority 0 and removes its
    // addresses.
    void release_for_stop(Actions& out);
    // Shutdown: STOP, with its notify; no timers afterwards.
    void finish_stop(TimePoint now, Actions& out);
    // Removal on reload: FAULT, or DELETED with notify_deleted.
    void notify_removed(Actions& out);
    // Run-time changes (keepalived's SNMP Set; Router::set_base_priority recomputes the
    // effective priority afterwards). Preemption is read at each advert.
    void set_base_priority(std::uint8_t priority) noexcept { base_priority_ = priority; }
    void set_preempt(PreemptMode mode) noexcept { config_.preempt = mode; }
    // Sets the effective priority without logging (start-up: keepalived computes the
    // initial value silently).
    void reset_effective_priority(std::uint8_t priority) noexcept {
        effective_priority_ = priority;
    }
    // A sync-group member that wants MASTER while its group does not: re-arm the down
    // timer and wait (keepalived re-arms a full Master_Down_Interval).
    void wait_for_group(TimePoint now) noexcept;
    // Lower-priority master seen by a sync-group peer: the same GARP bursts.
    void announce_lower_priority(TimePoint now, Actions& out);

    // Reload: carry the runtime state of `old` into this (matched) instance.
    void adopt_runtime(const Instance& old) noexcept;
    // Reload of a matched MASTER: the advert goes out at once, "(X) setting VIPs." adds
    // what is new; only when a VIP or eVIP was added does one GARP/NA burst cover every
    // VIP of the instance (keepalived's restore_vrrp_state), never for an unchanged one.
    void reload_master(TimePoint now, AddressSet added, Actions& out);

    // Reload of a matched BACKUP whose VIPs or eVIPs changed: the adverts it dropped as
    // mismatched while its configuration lagged the master's were its own doing, so the
    // Master_Down_Timer restarts in full (keepalived restarts every backup's on reload; an
    // unchanged instance keeps its running timer, so a dead master is still detected on time
    // during a reload storm).
    void reload_backup(TimePoint now) noexcept;

    // Sends one advert with our effective priority and re-arms the advert timer.
    void send_advert(TimePoint now, Actions& out, AhStep ah = AhStep::advance);

    // A non-owner without accept mode: its VIPs get firewall drop entries while installed.
    bool drops_vip_traffic() const noexcept;

private:
    template <typename Effects>
    void transition(State to, TransitionCause cause, TimePoint now, Actions& out,
                    Effects&& effects);
    void send_priority_zero(Actions& out, TransitionCause cause);
    // keepalived's -D lines for what install_addresses / remove_addresses change.
    void log_setting() const;
    void log_removing() const;
    void install_addresses(Actions& out);
    void remove_addresses(Actions& out);
    void announce(std::uint32_t repeat, Actions& out);
    void clear_master_timers() noexcept;
    void push_notify(NotifyEvent event, Actions& out);
    void learn_interval(Duration interval) noexcept;
    InstanceOutcome receive_as_backup(const ReceivedAdvert& advert, TimePoint now);
    void arm_down_timer(TimePoint now, DownTimer kind) noexcept;
    InstanceOutcome receive_as_master(const ReceivedAdvert& advert, TimePoint now,
                                      Actions& out);

    InstanceId id_;
    InstanceConfig config_;
    std::optional<net::IpAddress> source_;
    State state_ = State::init;
    State want_state_ = State::init;
    std::uint8_t base_priority_;
    std::uint8_t effective_priority_;
    Duration master_adver_interval_;
    std::optional<net::IpAddress> master_address_;
    std::uint8_t master_priority_ = 0;
    TimePoint preempt_deadline_ = TimePoint::max(); // preempt_delay: max = not started
    TimePoint last_transition_{};
    TransitionCause last_cause_ = TransitionCause::none;
    InstanceStats stats_;
    MasterReason master_reason_ = MasterReason::not_master;
    MasterReason next_master_reason_ = MasterReason::master_no_response;

    TimePoint main_deadline_ = TimePoint::max();
    // BACKUP: when and how the Master_Down_Timer was last armed, so a priority change can
    // re-derive it (keepalived recomputes it from the last advert, observed).
    TimePoint down_armed_at_{};
    DownTimer down_kind_ = DownTimer::full;
    TimePoint garp_delay_deadline_ = TimePoint::max();
    TimePoint garp_refresh_deadline_ = TimePoint::max();
    TimePoint lower_prio_garp_deadline_ = TimePoint::max();
};

} // namespace vigil::vrrp
