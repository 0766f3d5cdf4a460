#pragma once
// vrrp_track_process (section 3.7), as keepalived: one scan of /proc at start, then the
// kernel's process events (proc connector: exec, comm, fork, exit) keep the set of matching
// PIDs of every entry up to date, so a change is seen at once. Where the connector is not
// available (a network namespace other than the initial one, no CAP_NET_ADMIN) /proc is
// scanned once a second instead; a scan reads /proc/<pid>/comm (cmdline only with
// parameters or full_command) and costs well under a millisecond on a typical host. An
// event overrun (ENOBUFS) also triggers a scan.
//
// A process matches on /proc/PID/comm == process (or argv[0] == process with full_command);
// with parameters, its argv[1..] must equal them (param_match exact), start with them
// (initial) or contain them as a contiguous run (partial). The tracker is up while
// quorum <= count <= quorum_max; changes are debounced by fork_delay (gain) and
// terminate_delay (loss), both defaulting to `delay`.

#include "config/model.hpp"
#include "runtime/event_loop.hpp"
#include "track/proc_event_socket.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace vigil::track {

// Whether a process (comm, argv) matches `spec`. Pure.
bool process_matches(const config::TrackProcess& spec, std::string_view comm,
                     const std::vector<std::string>& argv);

class ProcessTracker {
public:
    using Callback = std::function<void(std::size_t index, bool quorum)>;

    ProcessTracker(runtime::EventLoop& loop, Callback callback);
    ProcessTracker(const ProcessTracker&) = delete;
    ProcessTracker& operator=(const ProcessTracker&) = delete;
    ~ProcessTracker();

    // Replaces the tracked set; the first scan runs at once and reports every entry.
    void start(std::vector<config::TrackProcess> processes);

    // Whether changes arrive as kernel events (else /proc is polled once a second).
    [[nodiscard]] bool event_driven() const noexcept { return events_.has_value(); }

private:
    struct Entry {
        config::TrackProcess spec;
        std::unordered_set<pid_t> pids; // matching processes
        bool reported = false;
        bool quorum = false;
        bool pending = false;          // a debounced change is waiting
        runtime::TimePoint pending_since{};
    };
    // Rebuilds every entry's PID set from /proc.
    void scan();
    // Re-reads one process after exec/comm/fork (or drops it after exit).
    void update(pid_t pid, ProcEvent event);
    void on_events() noexcept;
    void on_timer() noexcept;
    // Reports quorum changes (after their fork/terminate delay) and arms the timer for the
    // next pending one or the next poll.
    void evaluate(runtime::TimePoint now);

    runtime::EventLoop& loop_;
    Callback callback_;
    std::vector<Entry> entries_;
    std::optional<ProcEventSocket> events_;
    runtime::TimerId timer_;
};

} // namespace vigil::track
