// The checker child's life: start-up (IPVS first: without it the daemon stops), the event
// loop and the engine timer, track files, reload, the SIGUSR1 dump, and shutdown.
#include "checkd/checker_child.hpp"

#include "checkd/check_dump.hpp"
#include "checkd/fd_limit.hpp"
#include "checkd/script_paths.hpp"
#include "process/code_pages.hpp"
#include "process/exit_code.hpp"
#include "process/process_config.hpp"
#include "process/stop_report.hpp"
#include "runtime/dump_file.hpp"
#include "util/log.hpp"

#include <malloc.h>
#include <signal.h>

#include <algorithm>

namespace vigil::checkd {

namespace {

// Whether any script of the checker child satisfies `accept(script_user)`: notify_fifo and
// lvs_notify_fifo scripts, quorum and notify scripts, MISC_CHECKs; `script_user` is the
// script's own user, empty when it runs as the default script user.
template <typename Accept> bool any_script(const config::Config& config, Accept accept) {
    auto command = [&](const config::OptionalCommand& c) { return c && accept(c->user_); };
    const auto& g = config.global_;
    if (command(g.notify_fifo_script_) || (g.checker_ && command(g.checker_->lvs_notify_fifo_script_))) {
        return true;
    }
    if (!config.lvs_) {
        return false;
    }
    for (const auto& vs : config.lvs_->virtual_servers_) {
        if (command(vs.quorum_up_) || command(vs.quorum_down_)) {
            return true;
        }
        for (const auto& rs : vs.real_servers_) {
            if (command(rs.notify_up_) || command(rs.notify_down_)) {
                return true;
            }
            for (const auto& c : rs.checkers_) {
                const auto* misc = std::get_if<config::MiscCheck>(&c.detail_);
                if (misc != nullptr &&
                    accept(misc->user_ ? std::optional<std::string>(misc->user_->name_) : std::nullopt)) {
                    return true;
                }
            }
        }
    }
    return false;
}

bool runs_scripts(const config::Config& config) {
    return any_script(config, [](const std::optional<std::string>&) { return true; });
}

// keepalived looks keepalived_script up for a script without a user of its own (lib/notify.c
// get_default_script_user).
bool needs_default_user(const config::Config& config) {
    return any_script(config, [](const std::optional<std::string>& user) { return !user; });
}

// notify_fifo, then lvs_notify_fifo, with their scripts.
std::vector<notify::FifoSpec> checker_fifos(const config::GlobalDefs& g) {
    std::vector<notify::FifoSpec> fifos;
    if (g.notify_fifo_) {
        fifos.push_back({*g.notify_fifo_, &g.notify_fifo_script_});
    }
    if (g.checker_ && g.checker_->lvs_notify_fifo_) {
        fifos.push_back({*g.checker_->lvs_notify_fifo_, &g.checker_->lvs_notify_fifo_script_});
    }
    return fifos;
}

bool has_virtual_servers(const config::Config& config) {
    return config.lvs_ && !config.lvs_->virtual_servers_.empty();
}

bool uses_ping(const config::Config& config) {
    if (!config.lvs_) {
        return false;
    }
    for (const auto& vs : config.lvs_->virtual_servers_) {
        for (const auto& rs : vs.real_servers_) {
            for (const auto& c : rs.checkers_) {
                if (c.type_ == config::CheckerType::ping) {
                    return true;
                }
            }
        }
    }
    return false;
}

} // namespace

CheckerChild::CheckerChild(process::ChildChannel& channel, const process::DaemonSettings& settings,
                           const ModelLoader& reload, int bfd_events)
    : channel_(channel), settings_(settings), reload_(reload),
      notify_(reaper_, script::ScriptUser{::getuid(), ::getgid()}),
      files_(loop_, [this](std::size_t i, std::int64_t v) { on_file(i, v); }),
      runner_(loop_, reaper_, [this](check::CheckerId id, check::CheckResult r) { on_result(id, r); }),
      bfd_events_(bfd_events) {
    runner_.set_log_detail(settings_.log_detail);
}

int CheckerChild::run(std::shared_ptr<const config::Config> config) {
    setup_signals();
    // keepalived's start_check: IPVS is opened for virtual servers only (a checker child run
    // by --all without any needs no IPVS in the kernel).
    if (has_virtual_servers(*config)) {
        log::info("Initializing ipvs");
        if (!open_ipvs(config->root_.net_namespace_ipvs_)) {
            return process::to_int(process::ExitCode::fatal);
        }
    }
    build(std::move(config));
    if (attempts_->tls_failed()) {
        return process::to_int(process::ExitCode::fatal); // keepalived: stop_check(KEEPALIVED_EXIT_FATAL)
    }
    apply_ipvs_settings(nullptr);
    if (uses_ping(*model_)) {
        if (auto warning = ping_range_.widen()) {
            log::info("{}", *warning);
        }
    }
    start_files();
    start_snmp();
    control_.start(loop_, settings_.control_socket, [this] { return lvs_status_view(); });
    if (settings_.metrics_listen && (settings_.checker_only || (!settings_.run_all && !process::has_vrrp(*model_)))) {
        control_.serve_metrics(loop_, *settings_.metrics_listen); // no VRRP child to serve it
    }
    check::Actions actions;
    const check::TimePoint started = check::Clock::now();
    engine_->start(started, actions);
    execute(actions);
    control_.resync(engine_->checkers());
    engine_->postpone_checks(std::chrono::duration_cast<check::Duration>(check::Clock::now() - started));
    check::Actions().swap(actions);
    if (bfd_events_ >= 0) {
        // Reports written before the engine started wait in the pipe: they apply now.
        [[maybe_unused]] auto bfd_ec = loop_.add_reader(bfd_events_, [this](std::uint32_t) { on_bfd_events(); });
    }
    rearm();
    scheduling_.apply(model_->global_);
    channel_.config_read();
    ::malloc_trim(0); // the start-up burst (10,000 destinations' commands) back to the system
    process::release_code_pages(); // and the start-up's code out of the resident set
    while (!stopping_) {
        const check::TimePoint due = engine_->next_deadline();
        if (loop_.run_once(std::chrono::milliseconds(-1))) {
            break;
        }
        scheduling_.after_wait(due, loop_.woke_at());
    }
    return exit_code_;
}

void CheckerChild::setup_signals() {
    auto on = [this](int signo, auto fn) {
        [[maybe_unused]] auto ec = loop_.handle_signal(signo, [fn](const signalfd_siginfo&) { fn(); });
    };
    on(SIGTERM, [this] { shutdown(); });
    on(SIGINT, [this] { shutdown(); });
    on(SIGHUP, [this] { reload(); });
    on(SIGCHLD, [this] { reaper_.reap(); });
    on(SIGUSR1, [this] { write_dump(); });
    on(SIGXCPU, [this] { scheduling_.on_sigxcpu(); }); // RLIMIT_RTTIME's soft limit
    engine_timer_ = loop_.create_timer([this] { on_engine_timer(); });
}

void CheckerChild::build(std::shared_ptr<const config::Config> config) {
    model_ = with_resolved_scripts(std::move(config));
    ensure_descriptor_limit(descriptors_needed(*model_));
    set_script_user();
    const auto seed = static_cast<std::uint64_t>(check::Clock::now().time_since_epoch().count()) ^
                      static_cast<std::uint64_t>(::getpid());
    engine_ = std::make_unique<check::Engine>(model_, seed);
    runner_.reset(engine_->checkers().size());
    make_attempts();
    notify_.configure_fifos(checker_fifos(model_->global_));
    smtp_.configure(model_->global_);
}

void CheckerChild::set_script_user() {
    const auto& g = model_->global_;
    if (!g.script_user_ && needs_default_user(*model_) && !script::resolve_script_user("keepalived_script", std::nullopt)) {
        log::info("Script user 'keepalived_script' does not exist"); // lib/notify.c set_uid_gid, at start and reload
    }
    if (runs_scripts(*model_) || g.script_user_) {
        std::optional<std::string> group;
        if (g.script_user_) {
            group = g.script_user_->group_;
        }
        if (auto user = script::default_script_user(g.script_user_ ? std::optional(g.script_user_->user_) : std::nullopt,
                                                    group)) {
            notify_.set_default_user(*user);
        }
    }
}

void CheckerChild::make_attempts() {
    std::vector<std::string> lines;
    attempts_ = std::make_unique<attempt::Attempts>(*model_, lines);
    for (const std::string& line : lines) {
        log::info("{}", line);
    }
    runner_.set_attempts(attempts_.get());
}

void CheckerChild::start_files() {
    std::vector<track::WatchedFile> watched;
    file_names_.clear();
    for (const check::TrackFileState& file : engine_->track_files()) {
        if (file.checkers.empty()) {
            continue;
        }
        for (const config::TrackFile& t : model_->track_files_) {
            if (t.name_ == file.name && t.file_) {
                watched.push_back({t.name_, *t.file_, t.init_file_value_, t.init_file_overwrite_});
                file_names_.push_back(t.name_);
            }
        }
    }
    files_.start(std::move(watched));
    for (std::size_t i = 0; i < file_names_.size(); ++i) {
        engine_->set_track_file_value(file_names_[i], files_.value(i));
    }
}

void CheckerChild::on_file(std::size_t index, std::int64_t value) noexcept {
    if (!engine_ || index >= file_names_.size()) {
        return;
    }
    try {
        check::Actions actions;
        engine_->on_track_file(file_names_[index], value, check::Clock::now(), actions);
        control_.resync(engine_->checkers());
        execute(actions);
        rearm();
    } catch (...) {
    }
}

void CheckerChild::on_engine_timer() noexcept {
    try {
        check::Actions actions;
        engine_->on_timer(check::Clock::now(), actions);
        execute(actions);
    } catch (...) {
    }
    rearm();
}

void CheckerChild::on_result(check::CheckerId id, check::CheckResult result) noexcept {
    try {
        check::Actions actions;
        const bool in_flight = id < engine_->checkers().size() && engine_->checker(id).in_flight;
        engine_->on_result(id, result, check::Clock::now(), actions);
        if (in_flight) {
            control_.note_result(id, result, engine_->checkers());
        }
        execute(actions);
    } catch (...) {
    }
    rearm();
}

void CheckerChild::rearm() noexcept {
    const check::TimePoint next = engine_ ? engine_->next_deadline() : check::TimePoint::max();
    if (next == check::TimePoint::max()) {
        loop_.disarm(engine_timer_);
    } else {
        loop_.arm(engine_timer_, next);
    }
}

void CheckerChild::reload() noexcept {
    if (stopping_) {
        return;
    }
    log::info("Reloading");
    scheduling_.reset(); // keepalived: "Use standard scheduling while reloading"
    try {
        std::shared_ptr<const config::Config> fresh = with_resolved_scripts(reload_ ? reload_() : nullptr);
        if (!fresh) {
            scheduling_.apply(model_->global_);
            channel_.config_read();
            return;
        }
        runner_.cancel_all(); // keepalived: script_killall(SIGTERM), threads dropped
        if (ipvs_ || has_virtual_servers(*fresh)) {
            log::info("Reinitializing ipvs");
            if (!ipvs_ && !open_ipvs(fresh->root_.net_namespace_ipvs_)) {
                exit_code_ = process::to_int(process::ExitCode::fatal); // keepalived: stop_check(KEEPALIVED_EXIT_FATAL)
                shutdown();
                return;
            }
        }
        const std::shared_ptr<const config::Config> previous = model_;
        model_ = fresh;
        ensure_descriptor_limit(descriptors_needed(*model_));
        set_script_user();
        make_attempts();
        apply_ipvs_settings(previous.get());
        notify_.configure_fifos(checker_fifos(model_->global_));
        smtp_.configure(model_->global_);
        check::Actions actions;
        const check::TimePoint reloaded = check::Clock::now();
        engine_->reload(model_, reloaded, actions);
        runner_.reset(engine_->checkers().size());
        start_files();
        control_.reloaded(engine_->checkers());
        execute(actions);
        engine_->postpone_checks(std::chrono::duration_cast<check::Duration>(check::Clock::now() - reloaded));
    } catch (const std::exception& e) {
        log::error("Reload failed - {}", e.what());
    }
    rearm();
    scheduling_.apply(model_->global_);
    channel_.config_read();
}


void CheckerChild::shutdown() noexcept {
    if (stopping_) {
        return;
    }
    stopping_ = true;
    runner_.cancel_all();
    files_.start({});
    loop_.disarm(engine_timer_);
    try {
        check::Actions actions;
        engine_->stop(settings_.dont_release_ipvs ? check::ReleaseIpvs::keep : check::ReleaseIpvs::release, actions);
        execute(actions);
    } catch (...) {
    }
    if (!stop_scripts_.empty()) {
        notify_.wait_for(stop_scripts_, std::chrono::seconds(1));
    }
    if (snmp_) {
        snmp_->stop();
    }
    release_ipvs_settings();
    ping_range_.restore();
    process::log_child_stopped(settings_.log_detail);
    loop_.stop();
}

void CheckerChild::write_dump() noexcept {
    log::info("Printing checker data for process({}) on signal", ::getpid());
    try {
        process::GlobalFacts facts = process::current_global_facts(model_->global_, process::DumpingProcess::checker, settings_);
        runtime::write_dump("keepalived_check.data", format_check_data(*model_, facts, *engine_, runner_.last_errnos()));
    } catch (...) {
    }
}

} // namespace vigil::checkd
