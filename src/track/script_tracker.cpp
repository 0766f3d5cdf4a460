#include "track/script_tracker.hpp"

#include "util/log.hpp"

#include <signal.h>
#include <sys/wait.h>

namespace vigil::track {

RiseFall::RiseFall(unsigned rise, unsigned fall, InitialResult initial) noexcept
    : rise_(rise == 0 ? 1 : rise), fall_(fall == 0 ? 1 : fall),
      result_(initial == InitialResult::failed ? 0 : rise_ - 1),
      status_(initial == InitialResult::failed ? ScriptStatus::failed : ScriptStatus::init) {}

std::optional<ScriptStatus> RiseFall::record(bool success) noexcept {
    const unsigned top = rise_ + fall_ - 1;
    const ScriptStatus before = status_;
    if (success) {
        ++result_;
        if (result_ >= rise_) {
            result_ = top; // OK now; `fall` consecutive failures are needed to lose it
            status_ = ScriptStatus::ok;
        }
    } else if (result_ > rise_) {
        --result_;
    } else {
        result_ = 0;
        status_ = ScriptStatus::failed;
    }
    if (status_ != before) {
        return status_;
    }
    return std::nullopt;
}

ScriptTracker::ScriptTracker(runtime::EventLoop& loop, runtime::ChildReaper& reaper, Callback callback)
    : loop_(loop), reaper_(reaper), callback_(std::move(callback)) {}

ScriptTracker::~ScriptTracker() {
    stop();
    clear();
}

void ScriptTracker::clear() noexcept {
    for (Entry& e : entries_) {
        loop_.destroy_timer(e.run_timer);
        loop_.destroy_timer(e.timeout_timer);
        loop_.destroy_timer(e.kill_timer);
        if (e.pid > 0) {
            reaper_.forget(e.pid);
        }
    }
    entries_.clear();
}

void ScriptTracker::start(std::vector<TrackedScript> scripts) {
    stop();
    clear();
    entries_.reserve(scripts.size());
    for (TrackedScript& s : scripts) {
        const unsigned rise = s.rise;
        const unsigned fall = s.fall;
        const InitialResult initial = s.initial;
        entries_.push_back(Entry{std::move(s), RiseFall(rise, fall, initial)});
    }
    const runtime::TimePoint now = runtime::Clock::now();
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry& e = entries_[i];
        e.run_timer = loop_.create_timer([this, i] { run(i); });
        e.timeout_timer = loop_.create_timer([this, i] { on_timeout(i); });
        e.kill_timer = loop_.create_timer([this, i] {
            if (entries_[i].pid > 0) {
                ::kill(-entries_[i].pid, SIGKILL);
            }
        });
        loop_.arm(e.run_timer, now);
    }
}

void ScriptTracker::stop() noexcept {
    for (Entry& e : entries_) {
        loop_.disarm(e.run_timer);
        loop_.disarm(e.timeout_timer);
        loop_.disarm(e.kill_timer);
        if (e.pid > 0) {
            ::kill(-e.pid, SIGTERM);
        }
    }
}

ScriptStatus ScriptTracker::status(std::size_t index) const noexcept {
    return index < entries_.size() ? entries_[index].counter.status() : ScriptStatus::init;
}

void ScriptTracker::run(std::size_t index) {
    Entry& e = entries_[index];
    const runtime::TimePoint now = runtime::Clock::now();
    loop_.arm(e.run_timer, now + e.script.interval);
    if (e.pid > 0) {
        log::info("Track script {} is already running, expect idle - skipping run", e.script.name);
        return;
    }
    e.timed_out = false;
    e.pid = script::spawn_script(e.script.argv, e.script.user);
    if (e.pid <= 0) {
        e.pid = 0;
        return;
    }
    loop_.arm(e.timeout_timer, now + e.script.timeout);
    reaper_.watch(e.pid, [this, index](pid_t, int status) { on_exit(index, status); });
}

void ScriptTracker::on_timeout(std::size_t index) {
    Entry& e = entries_[index];
    if (e.pid > 0) {
        e.timed_out = true;
        ::kill(-e.pid, SIGTERM);
        loop_.arm(e.kill_timer, runtime::Clock::now() + std::chrono::seconds(2));
    }
}

void ScriptTracker::on_exit(std::size_t index, int wait_status) {
    Entry& e = entries_[index];
    e.pid = 0;
    loop_.disarm(e.timeout_timer);
    loop_.disarm(e.kill_timer);
    const bool success = !e.timed_out && WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
    const int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 0;
    if (!e.timed_out && WIFEXITED(wait_status) && code != e.last_status) {
        log::info("Script `{}` now returning {}", e.script.name, code);
        e.last_status = code;
    }
    const std::optional<ScriptStatus> changed = e.counter.record(success);
    if (!changed) {
        return;
    }
    if (*changed == ScriptStatus::ok) {
        log::info("VRRP_Script({}) succeeded", e.script.name);
    } else if (e.timed_out) {
        log::info("VRRP_Script({}) timed_out", e.script.name);
    } else if (WIFSIGNALED(wait_status)) {
        log::info("VRRP_Script({}) failed (due to signal {})", e.script.name, WTERMSIG(wait_status));
    } else {
        log::info("VRRP_Script({}) failed (exited with status {})", e.script.name, code);
    }
    if (callback_) {
        callback_(index, *changed);
    }
}

} // namespace vigil::track
