#include "vrrp/instance.hpp"

#include "util/log.hpp"

#include <algorithm>

namespace vigil::vrrp {

namespace {

constexpr TimePoint never = TimePoint::max();

std::string_view init_suffix(TransitionCause cause) noexcept {
    return cause == TransitionCause::init ? " (init)" : "";
}

long long to_ms(Duration duration) noexcept {
    return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
}

} // namespace

Instance::Instance(InstanceId id, InstanceConfig config)
    : id_{id},
      config_{std::move(config)},
      source_{config_.source},
      base_priority_{config_.priority},
      effective_priority_{config_.priority},
      master_adver_interval_{config_.advert_interval} {}

Duration Instance::skew() const noexcept {
    return skew_time(config_.version, effective_priority_, master_adver_interval_);
}

Duration Instance::master_down_interval() const noexcept {
    return vrrp::master_down_interval(config_.version, effective_priority_,
                                      master_adver_interval_, config_.down_timer_adverts);
}

TimePoint Instance::deadline() const noexcept {
    return std::min({main_deadline_, garp_delay_deadline_, garp_refresh_deadline_,
                     lower_prio_garp_deadline_});
}

// The one transition funnel: keepalived's log line, counters, cause, then the effects of
// the new state, then the notification (keepalived notifies after setting up the state).
template <typename Effects>
void Instance::transition(State to, TransitionCause cause, TimePoint now, Actions& out,
                          Effects&& effects) {
    switch (to) {
    case State::master:
        log::info("({}) Entering MASTER STATE", config_.name);
        ++stats_.become_master;
        break;
    case State::backup:
        log::info("({}) Entering BACKUP STATE{}", config_.name, init_suffix(cause));
        break;
    case State::fault:
        if (cause == TransitionCause::init) {
            log::info("({}) entering FAULT state", config_.name); // keepalived's start-up wording
        } else {
            log::info("({}) Entering FAULT STATE", config_.name);
        }
        break;
    case State::init:
    case State::stop:
    case State::deleted:
        break;
    }
    if (state_ == State::master && to != State::master) {
        ++stats_.release_master;
    }
    state_ = to;
    last_transition_ = now;
    last_cause_ = cause;
    effects();
    if (const auto event = notify_event(to)) {
        push_notify(*event, out);
    }
}

void Instance::push_notify(NotifyEvent event, Actions& out) {
    out.push_back(Notify{NotifyTarget::instance, id_, config_.name, event, effective_priority_});
}

void Instance::send_advert(TimePoint now, Actions& out, AhStep ah) {
    out.push_back(SendAdvert{id_, effective_priority_, ah});
    ++stats_.adverts_sent;
    // keepalived re-arms after each send (lab "Surprises" 3), not on a fixed grid.
    main_deadline_ = now + config_.advert_interval;
}

void Instance::send_priority_zero(Actions& out, TransitionCause cause) {
    out.push_back(SendAdvert{id_, 0});
    ++stats_.adverts_sent;
    ++stats_.priority_zero_sent;
    if (cause != TransitionCause::sync_group) { // keepalived sends it silently when synced
        log::detail("({}) sent 0 priority", config_.name);
    }
}

// The daemon installs the firewall entries before the addresses and removes them after.
bool Instance::drops_vip_traffic() const noexcept {
    return vrrp::drops_vip_traffic(config_);
}

// keepalived's -D lines (vrrp.c vrrp_state_become_master, restore_vrrp_state): one per
// non-empty kind, in the order it sets them.
void Instance::log_setting() const {
    if (drops_vip_traffic()) {
        log::detail("({}) setting firewall drop rule", config_.name);
    }
    if (!config_.vips.empty()) {
        log::detail("({}) setting VIPs.", config_.name);
    }
    if (!config_.evips.empty()) {
        log::detail("({}) setting E-VIPs.", config_.name);
    }
    if (!config_.routes.empty()) {
        log::detail("({}) setting Virtual Routes", config_.name);
    }
    if (!config_.rules.empty()) {
        log::detail("({}) setting Virtual Rules", config_.name);
    }
}

// keepalived's vrrp_restore_interface: rules, routes, then the addresses and the drop rule.
void Instance::log_removing() const {
    if (!config_.rules.empty()) {
        log::detail("({}) removing Virtual Rules", config_.name);
    }
    if (!config_.routes.empty()) {
        log::detail("({}) removing Virtual Routes", config_.name);
    }
    if (!config_.vips.empty()) {
        log::detail("({}) removing VIPs.", config_.name);
    }
    if (!config_.evips.empty()) {
        log::detail("({}) removing E-VIPs.", config_.name);
    }
    if (drops_vip_traffic()) {
        log::detail("({}) removing firewall drop rule", config_.name);
    }
}

void Instance::install_addresses(Actions& out) {
    log_setting();
    out.push_back(AddAddresses{id_, {config_.vips, config_.evips, config_.routes, config_.rules}});
}

void Instance::remove_addresses(Actions& out) {
    log_removing();
    out.push_back(
        RemoveAddresses{id_, {config_.vips, config_.evips, config_.routes, config_.rules}});
}

void Instance::announce(std::uint32_t repeat, Actions& out) {
    if (repeat == 0 || (config_.vips.empty() && config_.evips.empty())) {
        return;
    }
    Announce announce{id_, {}, repeat};
    announce.addresses.reserve(config_.vips.size() + config_.evips.size());
    announce.addresses.insert(announce.addresses.end(), config_.vips.begin(), config_.vips.end());
    announce.addresses.insert(announce.addresses.end(), config_.evips.begin(),
                              config_.evips.end());
    out.push_back(std::move(announce));
}

void Instance::remove_leftovers(Actions& out) { remove_addresses(out); }

void Instance::clear_master_timers() noexcept {
    garp_delay_deadline_ = never;
    garp_refresh_deadline_ = never;
    lower_prio_garp_deadline_ = never;
}

void Instance::learn_interval(Duration interval) noexcept {
    // RFC 5798 section 6.4.2: a backup sets Master_Adver_Interval to the advertised one.
    if (config_.version != ProtocolVersion::v3 || interval == master_adver_interval_ ||
        interval <= Duration{0}) {
        return;
    }
    log::detail("({}) advertisement interval updated from {}ms to {}ms by master", config_.name,
                to_ms(master_adver_interval_), to_ms(interval));
    master_adver_interval_ = interval;
}

void Instance::arm_down_timer(TimePoint now, DownTimer kind) noexcept {
    down_armed_at_ = now;
    down_kind_ = kind;
    main_deadline_ = now + (kind == DownTimer::skew ? skew() : master_down_interval());
}

void Instance::set_effective_priority(std::uint8_t priority, Actions& out) {
    if (priority == effective_priority_) {
        return;
    }
    log::info("({}) Changing effective priority from {} to {}", config_.name,
              effective_priority_, priority);
    effective_priority_ = priority;
    if (state_ == State::backup && main_deadline_ != never) {
        // The skew depends on the priority: the running timer moves (observed: a backup
        // raised from 90 to 110 took over 3.570 s after the last advert, not 3.648 s).
        arm_down_timer(down_armed_at_, down_kind_);
    }
    if (config_.notify_priority_changes == Switch::on) {
        if (state_ == State::master) {
            push_notify(NotifyEvent::master_priority, out);
        } else if (state_ == State::backup) {
            push_notify(NotifyEvent::backup_priority, out);
        }
    }
}

void Instance::start(TimePoint now, Actions& out) {
    master_adver_interval_ = config_.advert_interval;
    if (base_priority_ == owner_priority && config_.initial_state == InitialState::master) {
        // keepalived sets the owner's down timer to 1 us: MASTER on the next timer pass.
        want_state_ = State::master;
        next_master_reason_ = MasterReason::preempted;
        main_deadline_ = now + Duration{1};
        return;
    }
    enter_backup(now, TransitionCause::init, DownTimer::full, out);
    if (config_.initial_state == InitialState::master) {
        // keepalived keeps the configured wantstate (MASTER) until an advert or the down
        // timer decides (vrrp_scheduler.c vrrp_init_state; seen in the SIGUSR1 dump and SNMP's
        // vrrpInstanceWantedState in the first seconds).
        want_state_ = State::master;
    }
}

InstanceOutcome Instance::receive(const ReceivedAdvert& advert, TimePoint now, Actions& out) {
    if (state_ == State::backup || state_ == State::master) {
        ++stats_.adverts_received;
        stats_.priority_zero_received += advert.priority == 0 ? 1 : 0;
    }
    switch (state_) {
    case State::backup:
        return receive_as_backup(advert, now);
    case State::master:
        return receive_as_master(advert, now, out);
    case State::init:
    case State::fault:
    case State::stop:
    case State::deleted:
        // keepalived drops adverts silently in INIT and FAULT.
        return InstanceOutcome::none;
    }
    return InstanceOutcome::none;
}

InstanceOutcome Instance::receive_as_backup(const ReceivedAdvert& advert, TimePoint now) {
    if (advert.priority == 0) {
        // RFC 5798 section 6.4.2: Master_Down_Timer = Skew_Time.
        log::detail("({}) Backup received priority 0 advertisement", config_.name);
        next_master_reason_ = MasterReason::priority;
        arm_down_timer(now, DownTimer::skew);
        return InstanceOutcome::none;
    }
    const bool higher_or_equal = advert.priority >= effective_priority_;
    if (higher_or_equal) {
        preempt_deadline_ = never;
    } else if (config_.preempt_delay > Duration{0} && preempt_deadline_ == never) {
        // keepalived starts preempt_delay at the first lower-priority advert (observed).
        preempt_deadline_ = now + config_.preempt_delay;
        log::detail("({}) start preempt delay ({:.6f})", config_.name,
                    std::chrono::duration<double>(config_.preempt_delay).count());
    }
    const bool accept = config_.preempt == PreemptMode::nopreempt || higher_or_equal ||
                        (config_.preempt_delay > Duration{0} && preempt_deadline_ > now);
    if (!accept) {
        // RFC 5798 section 6.4.2: Preempt_Mode and a lower priority: discard, let the timer
        // run (keepalived logs each one).
        log::info("({}) received lower priority ({}) advert from {} - discarding", config_.name,
                  advert.priority, advert.source);
        next_master_reason_ = MasterReason::preempted;
        return InstanceOutcome::none;
    }
    next_master_reason_ = MasterReason::master_no_response;
    learn_interval(advert.interval);
    master_address_ = advert.source;
    master_priority_ = advert.priority;
    want_state_ = State::backup;
    arm_down_timer(now, DownTimer::full);
    return InstanceOutcome::none;
}

InstanceOutcome Instance::receive_as_master(const ReceivedAdvert& advert, TimePoint now,
                                            Actions& out) {
    if (advert.priority == 0) {
        // RFC 5798 section 6.4.3: answer a priority-0 advert at once.
        send_advert(now, out);
        return InstanceOutcome::none;
    }
    const net::IpAddress ours = source_.value_or(net::IpAddress{});
    if (advert.priority == effective_priority_ && advert.source == ours) {
        log::info("({}) WARNING - equal priority advert received from remote host with our IP "
                  "address.",
                  config_.name);
        return InstanceOutcome::none;
    }
    if (advert.priority == owner_priority && effective_priority_ == owner_priority) {
        log::info("({}) CONFIGURATION ERROR: local instance and a remote instance are both "
                  "configured as address owner, please fix - reducing local priority",
                  config_.name);
        base_priority_ = owner_priority - 1;
        effective_priority_ = owner_priority - 1;
        return InstanceOutcome::none;
    }
    // RFC 5798 section 6.4.3: the higher priority wins; on a tie the higher primary IP
    // address (compared as host-order numbers / 32-bit words: byte order of IpAddress).
    const bool lower = advert.priority < effective_priority_ ||
                       (advert.priority == effective_priority_ && advert.source < ours);
    if (lower) {
        const bool no_advert = config_.lower_prio_no_advert == Switch::on;
        log::info("({}) Received advert from {} with lower priority {}, ours {}{}", config_.name,
                  advert.source, advert.priority, effective_priority_,
                  no_advert ? "" : ", forcing new election");
        if (config_.auth_type == AuthType::ah) {
            log::info("({}) IPSEC-AH : Syncing seq_num - Increment seq", config_.name);
        }
        if (!no_advert) {
            send_advert(now, out, AhStep::answer_lower_master);
        }
        announce_lower_priority(now, out);
        if (config_.notify_master_rx_lower_pri == Switch::on) {
            push_notify(NotifyEvent::master_rx_lower_pri, out);
        }
        return InstanceOutcome::answered_lower_priority;
    }
    if (advert.priority > effective_priority_) {
        log::info("({}) Master received advert from {} with higher priority {}, ours {}",
                  config_.name, advert.source, advert.priority, effective_priority_);
    } else {
        log::info("({}) Master received advert from {} with same priority {} but higher IP "
                  "address than ours",
                  config_.name, advert.source, advert.priority);
    }
    if (config_.higher_prio_send_advert == Switch::on) {
        send_advert(now, out);
    }
    learn_interval(advert.interval);
    master_address_ = advert.source;
    master_priority_ = advert.priority;
    enter_backup(now, TransitionCause::higher_priority, DownTimer::full, out);
    return InstanceOutcome::left_master;
}

void Instance::announce_lower_priority(TimePoint now, Actions& out) {
    if (config_.garp.lower_prio_repeat == 0) {
        return;
    }
    announce(config_.garp.lower_prio_repeat, out);
    if (config_.garp.lower_prio_delay > Duration{0}) {
        lower_prio_garp_deadline_ = now + config_.garp.lower_prio_delay;
    }
}

InstanceOutcome Instance::expire(TimePoint now, Actions& out) {
    InstanceOutcome outcome = InstanceOutcome::none;
    if (garp_delay_deadline_ <= now) {
        garp_delay_deadline_ = never;
        announce(config_.garp.master_repeat, out);
    }
    if (garp_refresh_deadline_ <= now) {
        garp_refresh_deadline_ = now + config_.garp.master_refresh;
        announce(config_.garp.master_refresh_repeat, out);
    }
    if (lower_prio_garp_deadline_ <= now) {
        lower_prio_garp_deadline_ = never;
        announce(config_.garp.lower_prio_repeat, out);
    }
    if (main_deadline_ <= now) {
        switch (state_) {
        case State::master:
            // RFC 5798 section 6.4.3: Adver_Timer fired: advertise and re-arm.
            send_advert(now, out);
            break;
        case State::backup: // RFC 5798 section 6.4.2: Master_Down_Timer fired: become master
        case State::init:   // the owner's 1 us start-up timer
            log::detail("({}) Receive advertisement timeout", config_.name);
            main_deadline_ = never;
            want_state_ = State::master;
            outcome = InstanceOutcome::wants_master;
            break;
        case State::fault:
        case State::stop:
        case State::deleted:
            main_deadline_ = never;
            break;
        }
    }
    return outcome;
}

void Instance::enter_master(TimePoint now, TransitionCause cause, Actions& out) {
    want_state_ = State::master;
    master_reason_ = next_master_reason_;
    // RFC 5798 section 6.4.3: a master advertises its own interval.
    master_adver_interval_ = config_.advert_interval;
    master_address_ = source_;
    master_priority_ = effective_priority_;
    preempt_deadline_ = never;
    // Advert first, so the old master drops its VIPs before our GARPs arrive.
    send_advert(now, out, AhStep::new_mastership);
    transition(State::master, cause, now, out, [&] {
        install_addresses(out);
        announce(config_.garp.master_repeat, out);
        garp_refresh_deadline_ = config_.garp.master_refresh > Duration{0}
                                     ? now + config_.garp.master_refresh
                                     : never;
    });
    garp_delay_deadline_ =
        config_.garp.master_delay > Duration{0} ? now + config_.garp.master_delay : never;
}

void Instance::enter_backup(TimePoint now, TransitionCause cause, DownTimer timer,
                            Actions& out) {
    const bool was_master = state_ == State::master;
    want_state_ = State::backup;
    preempt_deadline_ = never;
    next_master_reason_ = MasterReason::master_no_response;
    if (cause == TransitionCause::init || cause == TransitionCause::recovered) {
        master_adver_interval_ = config_.advert_interval;
    }
    transition(State::backup, cause, now, out, [&] {
        if (was_master) {
            if (cause == TransitionCause::vip_deleted) {
                send_priority_zero(out, cause);
            }
            remove_addresses(out);
            clear_master_timers();
        }
        if (cause == TransitionCause::recovered && !config_.unicast_peers.empty() && source_) {
            // keepalived announces a unicast instance's own address when leaving FAULT.
            out.push_back(Announce{id_, {VirtualAddress{*source_, 0, config_.interface, {},
                                                        AddressTracking::no_track}},
                                   1});
        }
    });
    arm_down_timer(now, timer);
}

void Instance::enter_fault(TimePoint now, TransitionCause cause, Actions& out) {
    const bool was_master = state_ == State::master;
    want_state_ = State::fault;
    transition(State::fault, cause, now, out, [&] {
        if (was_master) {
            send_priority_zero(out, cause);
            remove_addresses(out);
            clear_master_timers();
        }
    });
    main_deadline_ = never;
    preempt_deadline_ = never;
}

void Instance::release_for_stop(Actions& out) {
    if (state_ == State::master) {
        send_priority_zero(out, TransitionCause::stop);
        remove_addresses(out);
        ++stats_.release_master;
    }
}

void Instance::finish_stop(TimePoint now, Actions& out) {
    state_ = State::stop;
    want_state_ = State::stop;
    last_transition_ = now;
    last_cause_ = TransitionCause::stop;
    main_deadline_ = never;
    preempt_deadline_ = never;
    clear_master_timers();
    push_notify(NotifyEvent::stop, out);
}

void Instance::notify_removed(Actions& out) {
    push_notify(config_.deleted_notify == DeletedNotify::deleted ? NotifyEvent::deleted
                                                                 : NotifyEvent::fault,
                out);
}

void Instance::wait_for_group(TimePoint now) noexcept {
    arm_down_timer(now, DownTimer::full);
}

void Instance::adopt_runtime(const Instance& old) noexcept {
    source_ = old.source_;
    state_ = old.state_;
    want_state_ = old.want_state_;
    effective_priority_ = old.effective_priority_;
    if (old.config_.version == config_.version && state_ == State::backup) {
        master_adver_interval_ = old.master_adver_interval_;
    }
    master_address_ = old.master_address_;
    master_priority_ = old.master_priority_;
    preempt_deadline_ = old.preempt_deadline_;
    last_transition_ = old.last_transition_;
    last_cause_ = old.last_cause_;
    stats_ = old.stats_;
    master_reason_ = old.master_reason_;
    next_master_reason_ = old.next_master_reason_;
    main_deadline_ = old.main_deadline_;
    down_armed_at_ = old.down_armed_at_;
    down_kind_ = old.down_kind_;
    garp_delay_deadline_ = old.garp_delay_deadline_;
    garp_refresh_deadline_ = old.garp_refresh_deadline_;
    lower_prio_garp_deadline_ = old.lower_prio_garp_deadline_;
}

void Instance::reload_backup(TimePoint now) noexcept { arm_down_timer(now, DownTimer::full); }

void Instance::reload_master(TimePoint now, AddressSet added, Actions& out) {
    send_advert(now, out);
    log_setting();
    const bool announce_needed = !added.vips.empty() || !added.evips.empty();
    if (!added.empty()) {
        out.push_back(AddAddresses{id_, std::move(added)});
    }
    if (!announce_needed) {
        return; // keepalived (restore_vrrp_state): no address added, no GARP/NA
    }
    // Every VIP of the instance is announced once (keepalived's vrrp_send_link_update with
    // garp_rep), the refresh timer restarts; no delayed burst (the VIPs were already set).
    announce(config_.garp.master_repeat, out);
    if (config_.garp.master_refresh > Duration{0}) {
        garp_refresh_deadline_ = now + config_.garp.master_refresh;
    }
}

} // namespace vigil::vrrp
