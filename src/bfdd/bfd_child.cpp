// The BFD child's life: start-up, the engine timer, carrying out the table's actions,
// reload and shutdown.
#include "bfdd/bfd_child.hpp"

#include "bfdd/session_config.hpp"
#include "process/stop_report.hpp"
#include "util/log.hpp"

#include <signal.h>

namespace vigil::bfdd {

BfdChild::BfdChild(process::ChildChannel& channel, const process::DaemonSettings& settings,
                   const ModelLoader& reload, EventPipes pipes)
    : channel_(channel), settings_(settings), reload_(reload), pipes_(pipes) {}

int BfdChild::run(std::shared_ptr<const config::Config> config) {
    setup_signals();
    model_ = std::move(config);
    note_consumers();
    std::vector<bfd::SessionSettings> sessions = session_settings(*model_);
    if (!open_listeners(sessions)) {
        log::error("Unable to open listening socket");
        return 1; // keepalived exits with EXIT_FAILURE: the parent respawns the child
    }
    ports_ = udp::read_source_port_range();
    prepare_outputs(sessions);
    const bfd::TimePoint now = bfd::Clock::now();
    bfd::Actions actions;
    table_.configure(std::move(sessions), now, actions);
    disable_unopened(actions);
    execute(actions);
    rearm();
    scheduling_.apply(model_->global_);
    channel_.config_read();

    while (!stopping_) {
        const bfd::TimePoint due = table_.deadline();
        if (loop_.run_once(std::chrono::milliseconds(-1))) {
            break;
        }
        scheduling_.after_wait(due, loop_.woke_at());
    }
    return exit_code_;
}

void BfdChild::setup_signals() {
    auto on = [this](int signo, auto fn) {
        [[maybe_unused]] auto ec = loop_.handle_signal(signo, [fn](const signalfd_siginfo&) { fn(); });
    };
    on(SIGTERM, [this] { shutdown(); });
    on(SIGINT, [this] { shutdown(); });
    on(SIGHUP, [this] { reload(); });
    on(SIGUSR1, [this] { write_dump(); });
    on(SIGXCPU, [this] { scheduling_.on_sigxcpu(); }); // RLIMIT_RTTIME's soft limit
    // From the parent when it has respawned the VRRP or the checker child
    // (process/supervisor.hpp): the new child does not know the sessions' states, so every
    // state is reported again.
    on(SIGUSR2, [this] { report_all(); });
    engine_timer_ = loop_.create_timer([this] { on_engine_timer(); });
    reopen_timer_ = loop_.create_timer([this] { on_reopen_timer(); });
}

void BfdChild::on_engine_timer() noexcept {
    // The lines describing a change go out after the packets and reports it causes.
    const log::Hold hold;
    bfd::Actions actions;
    table_.expire(bfd::Clock::now(), actions);
    execute(actions);
    rearm();
}

void BfdChild::rearm() noexcept {
    const bfd::TimePoint next = table_.deadline();
    if (next == bfd::Session::never) {
        loop_.disarm(engine_timer_);
    } else {
        loop_.arm(engine_timer_, next);
    }
}

void BfdChild::execute(bfd::Actions& actions) noexcept {
    static_assert(std::variant_size_v<bfd::Action> == 3, "a new action needs handling here");
    for (const bfd::Action& action : actions) {
        if (const auto* packet = std::get_if<bfd::SendControl>(&action)) {
            send(*packet);
        } else if (const auto* state = std::get_if<bfd::ReportState>(&action)) {
            report(*state);
        }
        // StateChange: the core has logged it; nothing to carry out.
    }
    actions.clear();
}

void BfdChild::reload() noexcept {
    if (stopping_) {
        return;
    }
    const auto started = std::chrono::steady_clock::now();
    log::info("Reloading");
    scheduling_.reset(); // keepalived: "Use standard scheduling while reloading"
    try {
        std::shared_ptr<const config::Config> fresh = reload_ ? reload_() : nullptr;
        if (fresh) {
            std::vector<bfd::SessionSettings> sessions = session_settings(*fresh);
            open_listeners(sessions); // the ones already open are kept
            prepare_outputs(sessions);
            const bfd::TimePoint now = bfd::Clock::now();
            bfd::Actions actions;
            table_.configure(std::move(sessions), now, actions);
            model_ = std::move(fresh);
            note_consumers();
            disable_unopened(actions);
            execute(actions);
            rearm();
        }
    } catch (const std::exception& e) {
        log::error("Reload failed - {}", e.what());
    }
    const auto took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    log::info("Reload finished in {} usec", took.count());
    scheduling_.apply(model_->global_);
    channel_.config_read();
}

void BfdChild::shutdown() noexcept {
    if (stopping_) {
        return;
    }
    // keepalived sends nothing on stop (no AdminDown): peers see the session expire.
    stopping_ = true;
    loop_.disarm(engine_timer_);
    loop_.disarm(reopen_timer_);
    process::log_child_stopped(settings_.log_detail);
    loop_.stop();
}

} // namespace vigil::bfdd
