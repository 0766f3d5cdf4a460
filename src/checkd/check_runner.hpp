#pragma once
// Runs the attempts the checker engine launches, on the child's event loop: socket probes
// (TCP_CHECK, UDP_CHECK, PING_CHECK; src/probe) watched by the loop with their
// connect_timeout, and MISC_CHECK scripts in their own process group, as keepalived 2.2.7
// runs them (check_misc.c): at misc_timeout SIGTERM to the group, 2 s later SIGKILL, 2 s
// later SIGKILL again ("Child (PID N) failed to terminate after kill") every 10 s; a script
// ended by our SIGTERM or SIGKILL "timed out"; and the attempts of HTTP_GET, SSL_GET,
// SMTP_CHECK and DNS_CHECK (src/attempt, attempt_runs.cpp), one socket each.
//
// Contract:
//  - launch() starts the attempt of one checker; its end is reported once through the
//    callback (never from inside launch(): a result known at once waits for the next loop
//    turn, so the engine is not re-entered).
//  - Checker types without an implementation here (BFD_CHECK) end with Outcome::not_run and
//    a one-time warning.
//  - cancel_all() (reload, shutdown) drops every attempt: sockets are closed, scripts get
//    SIGTERM, and no result is reported for them.
//  - Never throws after construction except std::bad_alloc.

#include "attempt/attempts.hpp"
#include "check/actions.hpp"
#include "check/checker_state.hpp"
#include "check/schedule.hpp"
#include "probe/probe.hpp"
#include "runtime/child_reaper.hpp"
#include "runtime/event_loop.hpp"
#include "script/script_spawner.hpp"

#include <sys/types.h>

#include <functional>
#include <memory>
#include <vector>

namespace vigil::checkd {

class CheckRunner {
public:
    using Callback = std::function<void(check::CheckerId, check::CheckResult)>;

    CheckRunner(runtime::EventLoop& loop, runtime::ChildReaper& reaper, Callback callback);
    CheckRunner(const CheckRunner&) = delete;
    CheckRunner& operator=(const CheckRunner&) = delete;
    ~CheckRunner();

    // Drops every attempt and makes room for `checkers` checkers.
    void reset(std::size_t checkers);
    // HTTP_GET, SSL_GET, SMTP_CHECK and DNS_CHECK attempts start from `attempts` (the current
    // configuration's; null: they are not run). Call cancel_all() before replacing it.
    void set_attempts(attempt::Attempts* attempts) noexcept { attempts_ = attempts; }
    // `rs`, `vs`: the checker's real and virtual server in the configuration; `script_user`
    // the user a MISC_CHECK without `user` runs as.
    void launch(check::CheckerId id, const check::CheckerState& checker, const config::RealServer& rs,
                const config::VirtualServer& vs, const script::ScriptUser& script_user);
    void cancel_all() noexcept;
    // -D (log_detail > 0): log a probe's failed socket calls as keepalived does.
    void set_log_detail(int log_detail) noexcept { log_detail_ = log_detail; }

    // Per checker, the errno of its probe's last failed socket call (0: none), for the dump.
    [[nodiscard]] std::vector<int> last_errnos() const;
    // Attempts in flight (tests, dumps).
    [[nodiscard]] std::size_t in_flight() const noexcept;

private:
    enum class ScriptState : std::uint8_t { idle, running, requesting_termination, forcing_termination };
    struct Slot {
        probe::Probe probe;
        std::unique_ptr<probe::UdpRules> udp; // UDP_CHECK only, built at its first launch
        pid_t pid = 0;
        ScriptState script = ScriptState::idle;
        bool active = false;
        bool watched = false; // the loop watches probe.fd()
        std::unique_ptr<attempt::Attempt> attempt; // HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK
        int attempt_fd = -1;                        // the fd of `attempt` the loop watches
        int last_errno = 0;                         // of the probe's last failed socket call
    };

    void launch_probe(check::CheckerId id, const check::CheckerState& checker, const config::RealServer& rs);
    void launch_script(check::CheckerId id, const check::CheckerState& checker, const script::ScriptUser& user);
    void on_probe_event(check::CheckerId id, std::uint32_t events) noexcept;
    // attempt_runs.cpp
    void launch_attempt(check::CheckerId id, const check::CheckerState& checker, const config::RealServer& rs,
                        const config::VirtualServer& vs);
    void on_attempt_event(check::CheckerId id, std::uint32_t events) noexcept;
    // After an attempt's event or deadline: its new interest and deadline, or its result.
    void follow_attempt(check::CheckerId id) noexcept;
    void drop_attempt(Slot& slot) noexcept;
    void on_timer() noexcept;
    void on_timeout(check::CheckerId id, check::TimePoint now) noexcept;
    void on_script_exit(check::CheckerId id, pid_t pid, int status) noexcept;
    // Ends the attempt of `id`: unwatch and close its socket, report `result` now or (when
    // `deferred`) on the next loop turn.
    void finish(check::CheckerId id, check::CheckResult result) noexcept;
    void defer(check::CheckerId id, check::CheckResult result);
    void set_deadline(check::CheckerId id, check::TimePoint when);
    void rearm() noexcept;

    runtime::EventLoop& loop_;
    runtime::ChildReaper& reaper_;
    Callback callback_;
    std::vector<Slot> slots_;
    check::Schedule deadlines_; // connect_timeout / misc_timeout / kill steps
    runtime::TimerId timer_;
    runtime::TimerId deferred_timer_;
    std::vector<std::pair<check::CheckerId, check::CheckResult>> deferred_;
    std::vector<std::uint32_t> due_;
    std::uint16_t icmp_sequence_ = 0;
    bool warned_unsupported_ = false;
    attempt::Attempts* attempts_ = nullptr;
    int log_detail_ = 0;
};

// The probe settings of a socket checker (connect_ip/port, bindto, bind_port, bind_if,
// fwmark).
probe::Target probe_target(const config::Checker& checker, const config::RealServer& rs);
// UDP_CHECK's payload and reply rules.
probe::UdpRules udp_rules(const config::UdpCheck& udp);

} // namespace vigil::checkd
