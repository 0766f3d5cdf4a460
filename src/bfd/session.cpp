#include "bfd/session.hpp"

#include "util/log.hpp"

#include <algorithm>
#include <string>

namespace vigil::bfd {
namespace {

// RFC 5880 section 6.8.3: while not Up, bfd.DesiredMinTxInterval MUST be at least 1 s.
constexpr Duration minimum_idle_tx = std::chrono::seconds{1};

std::int64_t as_us(Duration d) noexcept {
    return static_cast<std::int64_t>(d.count());
}

} // namespace

Session::Session(SessionId id, SessionSettings settings, std::uint32_t local_discriminator)
    : id_(id), settings_(std::move(settings)), local_discriminator_(local_discriminator),
      advertised_tx_(std::max(settings_.idle_min_tx, minimum_idle_tx)),
      advertised_rx_(settings_.required_min_rx), tx_in_use_(advertised_tx_),
      rx_in_use_(advertised_rx_) {}

Duration Session::transmit_interval() const noexcept {
    return bfd::transmit_interval(tx_in_use_, remote_min_rx_);
}

TimePoint Session::deadline() const noexcept {
    return std::min({transmit_deadline_, detection_deadline_, reset_deadline_});
}

ControlPacket Session::make_packet(Reply reply) const noexcept {
    ControlPacket p;
    p.diagnostic = local_diagnostic_;
    p.state = state_;
    // Section 6.5: P on every periodic packet until a Final arrives; section 4.1: never
    // together with F.
    p.poll = reply == Reply::periodic && polling_;
    p.final = reply == Reply::final;
    p.detect_mult = settings_.detect_mult;
    p.my_discriminator = local_discriminator_;
    p.your_discriminator = remote_discriminator_;
    p.desired_min_tx = advertised_tx_;
    p.required_min_rx = advertised_rx_;
    p.required_min_echo_rx = Duration{0}; // no Echo function
    return p;
}

void Session::send(Reply reply, Actions& out) {
    out.push_back(SendControl{id_, make_packet(reply)});
    ++stats_.packets_sent;
}

bool Session::may_transmit_periodically() const noexcept {
    // Section 6.8.7, the three "MUST NOT periodically transmit" rules, and section 6.8.16
    // (AdminDown: keepalived sends nothing; it only enters AdminDown without a socket).
    if (state_ == SessionState::admin_down || remote_min_rx_.count() == 0) {
        return false;
    }
    if (settings_.role == Role::passive && remote_discriminator_ == 0) {
        return false;
    }
    return !(remote_demand_ && state_ == SessionState::up && remote_state_ == SessionState::up);
}

void Session::retime_transmission(TimePoint now, RandomSource& random) noexcept {
    if (!may_transmit_periodically()) {
        transmit_deadline_ = never;
        return;
    }
    const Duration next =
        jittered_interval(transmit_interval(), settings_.detect_mult, random.next());
    if (transmit_deadline_ == never) {
        transmit_deadline_ = now + next;
        return;
    }
    // A shorter interval applies from the last packet sent (never sooner than now); a
    // longer one from the next packet.
    if (sent_any_) {
        transmit_deadline_ = std::min(transmit_deadline_, std::max(now, last_sent_ + next));
    }
}

void Session::start(TimePoint now, Start mode, RandomSource& random, Actions& out) {
    if (state_ == SessionState::admin_down || !may_transmit_periodically()) {
        return;
    }
    if (mode == Start::send_now) {
        send(Reply::periodic, out);
        last_sent_ = now;
        sent_any_ = true;
    }
    transmit_deadline_ =
        now + jittered_interval(transmit_interval(), settings_.detect_mult, random.next());
}

void Session::update_parameters() {
    const Duration tx = state_ == SessionState::up
                            ? settings_.desired_min_tx
                            : std::max(settings_.idle_min_tx, minimum_idle_tx);
    const Duration rx = settings_.required_min_rx;
    if (tx == advertised_tx_ && rx == advertised_rx_) {
        return;
    }
    advertised_tx_ = tx;
    advertised_rx_ = rx;
    if (state_ != SessionState::up) {
        tx_in_use_ = tx;
        rx_in_use_ = rx;
        return;
    }
    // Section 6.8.3: a faster transmission or a longer detection time is safe at once.
    tx_in_use_ = std::min(tx_in_use_, tx);
    rx_in_use_ = std::max(rx_in_use_, rx);
    start_poll();
}

void Session::start_poll() {
    // Section 6.5: one Poll Sequence at a time; a change during one starts another after.
    if (polling_) {
        poll_again_ = true;
        return;
    }
    polling_ = true;
    polled_tx_ = advertised_tx_;
    polled_rx_ = advertised_rx_;
    ++stats_.polls_started;
    log::detail("({}) Starting poll sequence", settings_.name);
}

void Session::finish_poll() {
    polling_ = false;
    tx_in_use_ = std::min(polled_tx_, advertised_tx_);
    rx_in_use_ = std::max(polled_rx_, advertised_rx_);
    if (poll_again_ || polled_tx_ != advertised_tx_ || polled_rx_ != advertised_rx_) {
        poll_again_ = false;
        start_poll();
    }
}

void Session::update_detection_time() {
    detection_time_ = bfd::detection_time(remote_detect_mult_, rx_in_use_, remote_desired_tx_);
}

void Session::log_parameters() const {
    // keepalived's -D table (bfd_dump_timers): what we send and use, what the remote does.
    const std::string indent(settings_.name.size() + 2, ' ');
    const Duration remote_tx = remote_transmit_interval();
    log::detail("({}) ---------------< Session parameters >--------------", settings_.name);
    log::detail("{}          min_tx  min_rx  tx_intv  mult  detect_time", indent);
    log::detail("{} local  {:8} {:7} {:8} {:5} {:12}", indent, as_us(advertised_tx_),
                as_us(advertised_rx_), as_us(transmit_interval()), settings_.detect_mult,
                as_us(detection_time_));
    log::detail("{} remote {:8} {:7} {:8} {:5} {:12}", indent, as_us(remote_desired_tx_),
                as_us(remote_min_rx_), as_us(remote_tx), remote_detect_mult_,
                as_us(transmit_interval() * settings_.detect_mult));
}

void Session::transition(SessionState to, Diagnostic diagnostic, Actions& out) {
    const SessionState from = state_;
    state_ = to;
    switch (to) {
    case SessionState::up:
        local_diagnostic_ = Diagnostic::none;
        ++stats_.up_transitions;
        log::info("({}) Entering {} state", settings_.name, to_string(to));
        out.push_back(ReportState{id_, Reported::up});
        break;
    case SessionState::init:
        // keepalived clears the diagnostic on Init and Up too, and logs Init only at its
        // extra-detail level.
        local_diagnostic_ = Diagnostic::none;
        break;
    case SessionState::down:
        local_diagnostic_ = diagnostic;
        polling_ = false;
        poll_again_ = false;
        detection_deadline_ = never;
        if (from == SessionState::up) {
            ++stats_.down_transitions;
            log::warning("({}) Entering {} state (Local diagnostic - {}, Remote diagnostic - {})",
                         settings_.name, to_string(to), to_string(diagnostic),
                         to_string(remote_diagnostic_));
            if (remote_state_ != SessionState::admin_down) {
                out.push_back(ReportState{id_, Reported::down});
            }
        }
        break;
    case SessionState::admin_down:
        local_diagnostic_ = Diagnostic::admin_down;
        polling_ = false;
        poll_again_ = false;
        detection_deadline_ = never;
        reset_deadline_ = never;
        transmit_deadline_ = never;
        log::warning("({}) Entering {} state", settings_.name, to_string(to));
        break;
    }
    update_parameters();
    out.push_back(StateChange{id_, from, to, local_diagnostic_, remote_diagnostic_});
}

void Session::run_state_machine(Actions& out) {
    // Section 6.8.6, the state table.
    if (remote_state_ == SessionState::admin_down) {
        if (state_ != SessionState::down) {
            transition(SessionState::down, Diagnostic::neighbor_down, out);
        }
        return;
    }
    switch (state_) {
    case SessionState::down:
        if (remote_state_ == SessionState::down) {
            transition(SessionState::init, Diagnostic::none, out);
        } else if (remote_state_ == SessionState::init) {
            transition(SessionState::up, Diagnostic::none, out);
        }
        break;
    case SessionState::init:
        if (remote_state_ == SessionState::init || remote_state_ == SessionState::up) {
            transition(SessionState::up, Diagnostic::none, out);
        }
        break;
    case SessionState::up:
        if (remote_state_ == SessionState::down) {
            transition(SessionState::down, Diagnostic::neighbor_down, out);
        }
        break;
    case SessionState::admin_down:
        break; // the table discards packets for AdminDown sessions
    }
}

void Session::receive(const ControlPacket& p, TimePoint now, RandomSource& random, Actions& out) {
    ++stats_.packets_received;
    const Duration old_interval = transmit_interval();
    const Duration old_detection = detection_time_;
    const bool remote_changed = remote_min_rx_ != p.required_min_rx ||
                                remote_desired_tx_ != p.desired_min_tx ||
                                remote_detect_mult_ != p.detect_mult;
    remote_discriminator_ = p.my_discriminator;
    remote_state_ = p.state;
    remote_diagnostic_ = p.diagnostic;
    remote_demand_ = p.demand;
    remote_min_rx_ = p.required_min_rx;
    remote_desired_tx_ = p.desired_min_tx;
    remote_detect_mult_ = p.detect_mult;
    last_received_ = now;

    if (p.final && polling_) {
        finish_poll();
    }
    update_detection_time();
    if (log::detail_enabled() && (remote_changed || transmit_interval() != old_interval)) {
        log_parameters();
    }
    if (detection_time_ != old_detection) {
        log::info("{} Detection time is {} us (was {} us)",
                  std::string(settings_.name.size() + 2, ' '), as_us(detection_time_),
                  as_us(old_detection));
    }
    run_state_machine(out);

    // Section 6.8.7: a Poll is answered at once, whatever the state and the schedule.
    if (p.poll) {
        send(Reply::final, out);
    }
    // Section 6.8.4: the Detection Time runs from the last valid packet, in Init and Up.
    // In Down, section 6.8.1: bfd.RemoteDiscr is cleared after a Detection Time of silence.
    if (state_ == SessionState::init || state_ == SessionState::up) {
        detection_deadline_ = now + detection_time_;
        reset_deadline_ = never;
    } else {
        reset_deadline_ = now + detection_time_;
    }
    retime_transmission(now, random);
}

void Session::reset_remote() noexcept {
    remote_discriminator_ = 0;
    remote_state_ = SessionState::down;
    remote_demand_ = false;
    remote_min_rx_ = Duration{1};
    remote_desired_tx_ = Duration{0};
    remote_detect_mult_ = 0;
}

void Session::expire(TimePoint now, RandomSource& random, Actions& out) {
    if (detection_deadline_ <= now) {
        const Duration dead = std::chrono::duration_cast<Duration>(now - last_received_);
        ++stats_.expiries;
        if (state_ == SessionState::up) {
            log::warning("({}) Expired after {} ms ({} usec overdue)", settings_.name,
                         as_us(dead) / 1000, as_us(dead - detection_time_));
        }
        // Section 6.8.1: bfd.RemoteDiscr is zeroed after a Detection Time without packets.
        remote_discriminator_ = 0;
        transition(SessionState::down, Diagnostic::control_expired, out);
        reset_deadline_ = now + detection_time_;
        retime_transmission(now, random);
    }
    if (reset_deadline_ <= now) {
        reset_deadline_ = never;
        reset_remote();
        retime_transmission(now, random);
    }
    if (transmit_deadline_ <= now) {
        send(Reply::periodic, out);
        last_sent_ = now;
        sent_any_ = true;
        transmit_deadline_ = never;
        retime_transmission(now, random);
    }
}

void Session::disable(Actions& out) {
    if (state_ != SessionState::admin_down) {
        transition(SessionState::admin_down, Diagnostic::admin_down, out);
    }
}

void Session::enable(TimePoint now, RandomSource& random, Actions& out) {
    if (state_ != SessionState::admin_down) {
        return;
    }
    reset_remote();
    transition(SessionState::down, Diagnostic::admin_down, out);
    start(now, Start::send_now, random, out);
}

void Session::adopt(const Session& old, TimePoint now, RandomSource& random) {
    local_discriminator_ = old.local_discriminator_;
    state_ = old.state_;
    remote_state_ = old.remote_state_;
    remote_discriminator_ = old.remote_discriminator_;
    local_diagnostic_ = old.local_diagnostic_;
    remote_diagnostic_ = old.remote_diagnostic_;
    remote_demand_ = old.remote_demand_;
    remote_min_rx_ = old.remote_min_rx_;
    remote_desired_tx_ = old.remote_desired_tx_;
    remote_detect_mult_ = old.remote_detect_mult_;
    advertised_tx_ = old.advertised_tx_;
    advertised_rx_ = old.advertised_rx_;
    tx_in_use_ = old.tx_in_use_;
    rx_in_use_ = old.rx_in_use_;
    polling_ = old.polling_;
    poll_again_ = old.poll_again_;
    polled_tx_ = old.polled_tx_;
    polled_rx_ = old.polled_rx_;
    detection_time_ = old.detection_time_;
    last_received_ = old.last_received_;
    last_sent_ = old.last_sent_;
    sent_any_ = old.sent_any_;
    transmit_deadline_ = old.transmit_deadline_;
    detection_deadline_ = old.detection_deadline_;
    reset_deadline_ = old.reset_deadline_;
    stats_ = old.stats_;
    if (state_ == SessionState::admin_down) {
        return;
    }
    update_parameters();
    retime_transmission(now, random);
}

void Session::report(Actions& out) const {
    out.push_back(ReportState{id_, state_ == SessionState::up ? Reported::up : Reported::down});
}

} // namespace vigil::bfd
