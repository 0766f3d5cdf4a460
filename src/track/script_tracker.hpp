#pragma once
// vrrp_script runner (section 3.5 and 6): each referenced script runs every `interval` in its
// own process group as its user; a run longer than `timeout` (default: the interval) gets
// SIGTERM to the group, SIGKILL 2 s later, and counts as a failure ("timed_out"). Results go
// through rise/fall counting; every OK/KO change is reported to the callback (the engine's
// tracker event) and logged with keepalived's wording.

#include "runtime/child_reaper.hpp"
#include "runtime/event_loop.hpp"
#include "script/script_spawner.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vigil::track {

enum class ScriptStatus { init, ok, failed };
// Whether a script's process is out: running, or timed out and sent SIGTERM.
enum class RunState { idle, running, terminating };
enum class InitialResult { assume_ok_after_one_success, failed }; // init_fail

// keepalived's rise/fall counter. The result runs 0 .. rise+fall-1 and the script is OK while
// it is >= rise. It starts at rise-1 (one success suffices) or at 0 with init_fail; the status
// starts "init" (no result yet) unless init_fail.
class RiseFall {
public:
    RiseFall(unsigned rise, unsigned fall, InitialResult initial) noexcept;
    // Records one run; returns the new status when it changed.
    std::optional<ScriptStatus> record(bool success) noexcept;
    [[nodiscard]] ScriptStatus status() const noexcept { return status_; }

private:
    unsigned rise_;
    unsigned fall_;
    unsigned result_;
    ScriptStatus status_;
};

struct TrackedScript {
    std::string name;
    std::vector<std::string> argv; // already through exec_argv()
    script::ScriptUser user;
    std::chrono::seconds interval{1};
    std::chrono::seconds timeout{1};
    unsigned rise = 1;
    unsigned fall = 1;
    InitialResult initial = InitialResult::assume_ok_after_one_success;
};

class ScriptTracker {
public:
    using Callback = std::function<void(std::size_t index, ScriptStatus status)>;

    ScriptTracker(runtime::EventLoop& loop, runtime::ChildReaper& reaper, Callback callback);
    ScriptTracker(const ScriptTracker&) = delete;
    ScriptTracker& operator=(const ScriptTracker&) = delete;
    ~ScriptTracker();

    // Replaces the script set (start-up or reload) and schedules a first run of each now.
    // `keep_status`: on reload a script keeps being treated as passing until it runs
    // ("VRRP_Script(chk) considered successful on reload").
    void start(std::vector<TrackedScript> scripts);
    // SIGTERMs running scripts (shutdown).
    void stop() noexcept;

    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] ScriptStatus status(std::size_t index) const noexcept;
    [[nodiscard]] RunState run_state(std::size_t index) const noexcept {
        const Entry& e = entries_[index];
        return e.pid == 0 ? RunState::idle : e.timed_out ? RunState::terminating : RunState::running;
    }
    [[nodiscard]] const TrackedScript& script(std::size_t index) const { return entries_[index].script; }

private:
    struct Entry {
        TrackedScript script;
        RiseFall counter;
        pid_t pid = 0;
        bool timed_out = false;
        int last_status = 0;
        runtime::TimerId run_timer;
        runtime::TimerId timeout_timer;
        runtime::TimerId kill_timer;
    };

    void run(std::size_t index);
    void on_timeout(std::size_t index);
    void on_exit(std::size_t index, int wait_status);
    void clear() noexcept;

    runtime::EventLoop& loop_;
    runtime::ChildReaper& reaper_;
    Callback callback_;
    std::vector<Entry> entries_;
};

} // namespace vigil::track
