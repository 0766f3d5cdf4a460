#include "checkd/check_runner.hpp"

#include "check/engine.hpp"
#include "util/log.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstring>

namespace vigil::checkd {

namespace {

using check::Outcome;

check::CheckResult result_of(probe::Result result) noexcept {
    switch (result) {
    case probe::Result::success:
        return {Outcome::success};
    case probe::Result::timed_out:
        return {Outcome::timed_out};
    case probe::Result::mismatch:
        return {Outcome::mismatch};
    case probe::Result::not_run:
        return {Outcome::not_run};
    case probe::Result::failed:
    case probe::Result::pending:
        break;
    }
    return {Outcome::failed};
}

const char* type_name(config::CheckerType type) noexcept {
    switch (type) {
    case config::CheckerType::http_get:
        return "HTTP_GET";
    case config::CheckerType::ssl_get:
        return "SSL_GET";
    case config::CheckerType::smtp:
        return "SMTP_CHECK";
    case config::CheckerType::dns:
        return "DNS_CHECK";
    case config::CheckerType::bfd:
        return "BFD_CHECK";
    case config::CheckerType::tcp:
    case config::CheckerType::udp:
    case config::CheckerType::ping:
    case config::CheckerType::misc:
    case config::CheckerType::file:
        break;
    }
    return "?";
}

} // namespace

probe::Target probe_target(const config::Checker& checker, const config::RealServer& rs) {
    probe::Target target;
    target.address = check::checker_address(checker, rs);
    target.port = check::checker_port(checker, rs);
    const auto& c = checker.connection_;
    target.bind_address = c.bindto_;
    target.bind_port = c.bind_port_.value_or(0);
    target.bind_interface = c.bind_if_.value_or("");
    target.fwmark = c.fwmark_;
    return target;
}

probe::UdpRules udp_rules(const config::UdpCheck& udp) {
    probe::UdpRules rules;
    rules.payload = udp.payload_;
    rules.require_reply = udp.require_reply_;
    rules.reply = udp.reply_;
    rules.reply_mask = udp.reply_mask_;
    rules.min_reply_length = udp.min_reply_length_;
    rules.max_reply_length = udp.max_reply_length_;
    return rules;
}

CheckRunner::CheckRunner(runtime::EventLoop& loop, runtime::ChildReaper& reaper, Callback callback)
    : loop_(loop), reaper_(reaper), callback_(std::move(callback)) {
    timer_ = loop_.create_timer([this] { on_timer(); });
    deferred_timer_ = loop_.create_timer([this] {
        auto ready = std::move(deferred_);
        deferred_.clear();
        for (const auto& [id, result] : ready) {
            callback_(id, result);
        }
    });
}

CheckRunner::~CheckRunner() {
    cancel_all();
    loop_.destroy_timer(timer_);
    loop_.destroy_timer(deferred_timer_);
}

void CheckRunner::reset(std::size_t checkers) {
    cancel_all();
    slots_.clear();
    slots_.resize(checkers);
    deadlines_.reset(checkers);
}

std::vector<int> CheckRunner::last_errnos() const {
    std::vector<int> errnos;
    errnos.reserve(slots_.size());
    for (const Slot& slot : slots_) {
        errnos.push_back(slot.last_errno);
    }
    return errnos;
}

std::size_t CheckRunner::in_flight() const noexcept {
    return static_cast<std::size_t>(std::count_if(slots_.begin(), slots_.end(), [](const Slot& s) { return s.active; }));
}

void CheckRunner::cancel_all() noexcept {
    for (Slot& slot : slots_) {
        drop_attempt(slot);
        if (slot.watched) {
            loop_.remove_reader(slot.probe.fd());
            slot.watched = false;
        }
        slot.probe.close();
        if (slot.pid > 0) {
            ::kill(-slot.pid, SIGTERM);
            reaper_.forget(slot.pid); // reaped, and its status ignored
            slot.pid = 0;
        }
        slot.script = ScriptState::idle;
        slot.active = false;
    }
    deferred_.clear();
    loop_.disarm(deferred_timer_);
    loop_.disarm(timer_);
    deadlines_.reset(slots_.size());
}

void CheckRunner::set_deadline(check::CheckerId id, check::TimePoint when) {
    deadlines_.set(id, when);
    rearm();
}

void CheckRunner::rearm() noexcept {
    const check::TimePoint next = deadlines_.next();
    if (next == check::Schedule::never) {
        loop_.disarm(timer_);
    } else {
        loop_.arm(timer_, next);
    }
}

void CheckRunner::defer(check::CheckerId id, check::CheckResult result) {
    deferred_.emplace_back(id, result);
    loop_.arm(deferred_timer_, check::Clock::now());
}

void CheckRunner::launch(check::CheckerId id, const check::CheckerState& checker, const config::RealServer& rs,
                         const config::VirtualServer& vs, const script::ScriptUser& script_user) {
    if (id >= slots_.size()) {
        return;
    }
    Slot& slot = slots_[id];
    slot.active = true;
    switch (checker.type) {
    case config::CheckerType::tcp:
    case config::CheckerType::udp:
    case config::CheckerType::ping:
        launch_probe(id, checker, rs);
        return;
    case config::CheckerType::misc:
        launch_script(id, checker, script_user);
        return;
    case config::CheckerType::http_get:
    case config::CheckerType::ssl_get:
    case config::CheckerType::smtp:
    case config::CheckerType::dns:
        launch_attempt(id, checker, rs, vs);
        return;
    case config::CheckerType::file:
    case config::CheckerType::bfd:
        break;
    }
    if (!warned_unsupported_) {
        warned_unsupported_ = true;
        log::warning("{} is not supported by vigil yet - its real servers keep their initial state",
                     type_name(checker.type));
    }
    slot.active = false;
    defer(id, {Outcome::not_run});
}

void CheckRunner::launch_probe(check::CheckerId id, const check::CheckerState& checker, const config::RealServer& rs) {
    Slot& slot = slots_[id];
    const probe::Target target = probe_target(*checker.config, rs);
    probe::Step step;
    if (checker.type == config::CheckerType::tcp) {
        step = slot.probe.start_tcp(target);
    } else if (checker.type == config::CheckerType::udp) {
        if (!slot.udp) {
            slot.udp = std::make_unique<probe::UdpRules>(udp_rules(std::get<config::UdpCheck>(checker.config->detail_)));
        }
        step = slot.probe.start_udp(target, *slot.udp);
    } else {
        step = slot.probe.start_icmp(target, icmp_sequence_++);
    }
    if (!step.log.empty()) {
        log::info("{}", step.log);
    }
    if (step.error.code != 0 && step.error.code != slot.last_errno) {
        slot.last_errno = step.error.code; // keepalived: once per change of errno, with -D
        if (log_detail_ > 0) {
            log::info("{} error {} - {}", step.error.call, step.error.code, std::strerror(step.error.code));
        }
    }
    if (step.result != probe::Result::pending) {
        slot.probe.close();
        slot.active = false;
        defer(id, result_of(step.result));
        return;
    }
    const int fd = slot.probe.fd();
    const auto interest =
        slot.probe.wants_write() ? runtime::EventLoop::Interest::read_write : runtime::EventLoop::Interest::read;
    if (loop_.add_reader(fd, [this, id](std::uint32_t events) { on_probe_event(id, events); },
                         runtime::ReaderPace::immediate, interest)) {
        slot.probe.close();
        slot.active = false;
        defer(id, {Outcome::not_run});
        return;
    }
    slot.watched = true;
    const auto timeout = checker.config->connection_.connect_timeout_.value_or(std::chrono::seconds{5});
    set_deadline(id, check::Clock::now() + timeout);
}

void CheckRunner::on_probe_event(check::CheckerId id, std::uint32_t events) noexcept {
    Slot& slot = slots_[id];
    const probe::Step step = slot.probe.on_ready(events);
    if (step.result == probe::Result::pending) {
        return;
    }
    if (!step.log.empty()) {
        log::info("{}", step.log);
    }
    finish(id, result_of(step.result));
}

void CheckRunner::finish(check::CheckerId id, check::CheckResult result) noexcept {
    Slot& slot = slots_[id];
    if (slot.watched) {
        loop_.remove_reader(slot.probe.fd());
        slot.watched = false;
    }
    slot.probe.close();
    slot.active = false;
    deadlines_.set(id, check::Schedule::never);
    rearm();
    callback_(id, result);
}

void CheckRunner::launch_script(check::CheckerId id, const check::CheckerState& checker,
                                const script::ScriptUser& default_user) {
    Slot& slot = slots_[id];
    const auto& misc = std::get<config::MiscCheck>(checker.config->detail_);
    script::ScriptUser user = default_user;
    if (misc.user_) {
        if (auto own = script::resolve_script_user(misc.user_->name_, misc.user_->group_)) {
            user = *own;
        }
    }
    const pid_t pid = misc.script_ ? script::spawn_script(script::exec_argv(misc.script_->argv_, misc.script_->text_), user)
                                   : -1;
    if (pid <= 0) {
        slot.active = false;
        defer(id, {Outcome::not_run});
        return;
    }
    slot.pid = pid;
    slot.script = ScriptState::running;
    reaper_.watch(pid, [this, id](pid_t dead, int status) { on_script_exit(id, dead, status); });
    set_deadline(id, check::Clock::now() + checker.script_timeout);
}

void CheckRunner::on_script_exit(check::CheckerId id, pid_t pid, int status) noexcept {
    if (id >= slots_.size() || slots_[id].pid != pid) {
        return;
    }
    Slot& slot = slots_[id];
    const ScriptState state = slot.script;
    slot.pid = 0;
    slot.script = ScriptState::idle;
    check::CheckResult result{Outcome::exited, 0};
    if (WIFEXITED(status)) {
        result.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        if (state == ScriptState::requesting_termination && sig == SIGTERM) {
            ::kill(-pid, SIGKILL); // whatever it started goes too
        }
        const bool ours = (state == ScriptState::requesting_termination && sig == SIGTERM) ||
                          (state == ScriptState::forcing_termination && (sig == SIGTERM || sig == SIGKILL));
        result = ours ? check::CheckResult{Outcome::script_timeout, 0} : check::CheckResult{Outcome::signalled, sig};
    }
    finish(id, result);
}

void CheckRunner::on_timer() noexcept {
    const check::TimePoint now = check::Clock::now();
    due_.clear();
    deadlines_.take_due(now, due_);
    for (const std::uint32_t id : due_) {
        on_timeout(id, now);
    }
    rearm();
}

void CheckRunner::on_timeout(check::CheckerId id, check::TimePoint now) noexcept {
    Slot& slot = slots_[id];
    if (slot.attempt) {
        slot.attempt->on_deadline(now);
        follow_attempt(id);
        return;
    }
    if (slot.pid <= 0) {
        const probe::Step step = slot.probe.on_timeout();
        finish(id, result_of(step.result));
        return;
    }
    int signal = SIGKILL;
    std::chrono::seconds again{2};
    switch (slot.script) {
    case ScriptState::running:
        slot.script = ScriptState::requesting_termination;
        signal = SIGTERM;
        break;
    case ScriptState::requesting_termination:
        slot.script = ScriptState::forcing_termination;
        break;
    case ScriptState::forcing_termination:
    case ScriptState::idle:
        log::info("Child (PID {}) failed to terminate after kill", slot.pid);
        again = std::chrono::seconds{10};
        break;
    }
    if (::kill(-slot.pid, signal) != 0 && errno == ESRCH) {
        log::info("Misc script child (PID {}) lost", slot.pid);
        reaper_.forget(slot.pid);
        slot.pid = 0;
        slot.script = ScriptState::idle;
        finish(id, {Outcome::script_timeout});
        return;
    }
    deadlines_.set(id, now + again);
}

} // namespace vigil::checkd
