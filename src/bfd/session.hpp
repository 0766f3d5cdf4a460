#pragma once
// One BFD session in asynchronous mode: the state machine of RFC 5880 section 6.8.6, the
// timers of sections 6.8.2-6.8.4, the Poll Sequence of section 6.5 and the transmission
// rules of section 6.8.7. Pure: time and randomness are arguments, packets to send and
// state reports are appended to an Actions list. Sessions are owned and driven by a
// SessionTable, which demultiplexes received packets and allocates discriminators.
//
// Not implemented (as in keepalived 2.2.7): Demand mode on our side, the Echo function,
// authentication. A remote system in Demand mode is honoured (section 6.8.7).

#include "bfd/actions.hpp"
#include "bfd/control_packet.hpp"
#include "bfd/random_source.hpp"
#include "bfd/session_settings.hpp"
#include "bfd/state.hpp"
#include "bfd/timers.hpp"

#include <algorithm>
#include <cstdint>

namespace vigil::bfd {

struct SessionStats {
    std::uint64_t packets_sent = 0;     // periodic packets and Final replies
    std::uint64_t packets_received = 0; // packets handed to the state machine
    std::uint64_t polls_started = 0;
    std::uint64_t up_transitions = 0;
    std::uint64_t down_transitions = 0; // Up -> Down only
    std::uint64_t expiries = 0;         // Detection Time expired (Init or Up)
};

class Session {
public:
    static constexpr TimePoint never = TimePoint::max();

    Session(SessionId id, SessionSettings settings, std::uint32_t local_discriminator);

    SessionId id() const noexcept { return id_; }
    const SessionSettings& settings() const noexcept { return settings_; }
    const std::string& name() const noexcept { return settings_.name; }
    SessionState state() const noexcept { return state_; }
    SessionState remote_state() const noexcept { return remote_state_; }
    std::uint32_t local_discriminator() const noexcept { return local_discriminator_; }
    std::uint32_t remote_discriminator() const noexcept { return remote_discriminator_; }
    Diagnostic local_diagnostic() const noexcept { return local_diagnostic_; }
    Diagnostic remote_diagnostic() const noexcept { return remote_diagnostic_; }
    // bfd.DesiredMinTxInterval and bfd.RequiredMinRxInterval as sent in our packets.
    Duration desired_min_tx() const noexcept { return advertised_tx_; }
    Duration required_min_rx() const noexcept { return advertised_rx_; }
    // bfd.RemoteMinRxInterval and the remote's last Desired Min TX Interval and Detect Mult.
    Duration remote_min_rx() const noexcept { return remote_min_rx_; }
    Duration remote_desired_min_tx() const noexcept { return remote_desired_tx_; }
    std::uint8_t remote_detect_mult() const noexcept { return remote_detect_mult_; }
    bool remote_demand() const noexcept { return remote_demand_; }
    // The remote system's transmit interval as we require it (section 6.8.4's "agreed
    // transmit interval of the remote system").
    Duration remote_transmit_interval() const noexcept {
        return std::max(rx_in_use_, remote_desired_tx_);
    }
    // The interval periodic packets are sent at, before jitter (section 6.8.7).
    Duration transmit_interval() const noexcept;
    // The Detection Time of section 6.8.4 (0 until the first packet).
    Duration detection_time() const noexcept { return detection_time_; }
    bool polling() const noexcept { return polling_; }
    TimePoint last_received() const noexcept { return last_received_; }
    const SessionStats& stats() const noexcept { return stats_; }
    // The earliest pending timer (transmission, detection, reset), or `never`.
    TimePoint deadline() const noexcept;
    TimePoint transmit_deadline() const noexcept { return transmit_deadline_; }
    TimePoint detection_deadline() const noexcept { return detection_deadline_; }

    // Start-up: an active session sends its first packet at once (send_now, as keepalived
    // does when the process starts) or after one jittered interval (schedule: a session
    // added by a reload), then periodically; a passive one waits for the remote system
    // (section 6.1).
    enum class Start : std::uint8_t { send_now, schedule };
    void start(TimePoint now, Start mode, RandomSource& random, Actions& out);
    // A packet the SessionTable demultiplexed to this session and that passed every check;
    // the session is not AdminDown.
    void receive(const ControlPacket& packet, TimePoint now, RandomSource& random, Actions& out);
    // Runs every timer due at `now`.
    void expire(TimePoint now, RandomSource& random, Actions& out);
    // Local AdminDown (section 6.8.16; keepalived: the output socket cannot be opened).
    // Nothing is sent and every received packet is discarded until enable().
    void disable(Actions& out);
    // AdminDown -> Down, transmitting again if active.
    void enable(TimePoint now, RandomSource& random, Actions& out);
    // Reload: carry the runtime state of `old` (same name and addresses) into this session,
    // which keeps `old`'s discriminator. Changed intervals start a Poll Sequence (section
    // 6.8.3); nothing is sent at once.
    void adopt(const Session& old, TimePoint now, RandomSource& random);
    // Appends a ReportState with the current state (Up or, for any other state, Down).
    void report(Actions& out) const;

    // The packet this session would send now (Final: the reply to a Poll).
    enum class Reply : std::uint8_t { periodic, final };
    ControlPacket make_packet(Reply reply) const noexcept;

private:
    void transition(SessionState to, Diagnostic diagnostic, Actions& out);
    void run_state_machine(Actions& out);
    // Recomputes the advertised intervals after a state or settings change (section 6.8.3).
    void update_parameters();
    void start_poll();
    void finish_poll();
    void update_detection_time();
    void log_parameters() const;
    bool may_transmit_periodically() const noexcept;
    // Re-arms or cancels periodic transmission after anything that changes its rules.
    void retime_transmission(TimePoint now, RandomSource& random) noexcept;
    void send(Reply reply, Actions& out);
    void reset_remote() noexcept;

    SessionId id_;
    SessionSettings settings_;
    std::uint32_t local_discriminator_;
    SessionState state_ = SessionState::down;
    SessionState remote_state_ = SessionState::down;
    std::uint32_t remote_discriminator_ = 0;
    Diagnostic local_diagnostic_ = Diagnostic::none;
    Diagnostic remote_diagnostic_ = Diagnostic::none;
    bool remote_demand_ = false;
    // Section 6.8.1: bfd.RemoteMinRxInterval starts at 1 us.
    Duration remote_min_rx_{1};
    Duration remote_desired_tx_{0};
    std::uint8_t remote_detect_mult_ = 0;

    // Advertised values, and the values in use while a Poll Sequence is pending (section
    // 6.8.3: an increased DesiredMinTxInterval or a reduced RequiredMinRxInterval only takes
    // effect once the remote system has answered the Poll).
    Duration advertised_tx_;
    Duration advertised_rx_;
    Duration tx_in_use_;
    Duration rx_in_use_;
    bool polling_ = false;
    bool poll_again_ = false;
    Duration polled_tx_{0};
    Duration polled_rx_{0};

    Duration detection_time_{0};
    TimePoint last_received_{};
    TimePoint last_sent_{};
    bool sent_any_ = false;
    TimePoint transmit_deadline_ = never;
    TimePoint detection_deadline_ = never;
    TimePoint reset_deadline_ = never;
    SessionStats stats_;
};

} // namespace vigil::bfd
