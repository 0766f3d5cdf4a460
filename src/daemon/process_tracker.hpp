#pragma once
// vrrp_track_process (section 3.7) by polling /proc once a second. keepalived uses the kernel
// proc connector; vigil polls instead: it needs no CAP_NET_ADMIN netlink subscription, works
// the same in every network namespace, and a 1 s scan of /proc/<pid>/comm (cmdline only with
// parameters or full_command) costs well under a millisecond on a typical host. A change is
// therefore seen up to 1 s later than with keepalived.
//
// A process matches on /proc/PID/comm == process (or argv[0] == process with full_command);
// with parameters, its argv[1..] must equal them (param_match exact), start with them
// (initial) or contain them as a contiguous run (partial). The tracker is up while
// quorum <= count <= quorum_max; changes are debounced by fork_delay (gain) and
// terminate_delay (loss), both defaulting to `delay`.

#include "config/model.hpp"
#include "daemon/event_loop.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace vigil::daemon {

// Whether a process (comm, argv) matches `spec`. Pure.
bool process_matches(const config::TrackProcess& spec, std::string_view comm,
                     const std::vector<std::string>& argv);

class ProcessTracker {
public:
    using Callback = std::function<void(std::size_t index, bool quorum)>;

    ProcessTracker(EventLoop& loop, Callback callback);
    ProcessTracker(const ProcessTracker&) = delete;
    ProcessTracker& operator=(const ProcessTracker&) = delete;
    ~ProcessTracker();

    // Replaces the tracked set; the first scan runs at once and reports every entry.
    void start(std::vector<config::TrackProcess> processes);

private:
    struct Entry {
        config::TrackProcess spec;
        bool reported = false;
        bool quorum = false;
        bool pending = false;          // a debounced change is waiting
        TimePoint pending_since{};
    };
    void scan();

    EventLoop& loop_;
    Callback callback_;
    std::vector<Entry> entries_;
    TimerId timer_;
};

} // namespace vigil::daemon
