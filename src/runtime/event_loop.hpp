#pragma once
// The daemon's single-threaded scheduler: one epoll set, one timerfd and one signalfd.
//
// Contract:
//  - Readers: a callback per fd, called with the epoll event mask (EPOLLIN, EPOLLERR,
//    EPOLLHUP) while the fd is readable (level-triggered). The loop never owns the fd.
//  - Timers: created once (startup; this may allocate), then armed and disarmed on the hot
//    path without allocation or exceptions. One timerfd on CLOCK_MONOTONIC is armed with
//    TFD_TIMER_ABSTIME to the earliest armed deadline, so a wake-up is late only by the
//    kernel's timer slack and the scheduling latency (measured: bench/event-loop-timer).
//    A timer fires once per arm(); a callback re-arms it if it wants to be periodic.
//    The timerfd is reprogrammed lazily (timerfd_rearm_needed): at once when the earliest
//    deadline moves before the one it is set for, but when it moves later (a backup's
//    master-down timer, pushed by every advert) at most once per timerfd_postpone_interval.
//    A 255 x 10 ms backup thus makes ~100 timerfd_settime calls a second instead of 25,500,
//    and a backup with few instances postpones on every advert, avoiding the early wake-up
//    (more costly than the call) that a timerfd left at a stale deadline causes: it fires,
//    finds nothing due, and is set to the real earliest deadline.
//  - Signals: handle_signal() blocks the signal in the calling thread and delivers it
//    through the signalfd to the callback. Children created by fork() inherit the blocked
//    mask: the process code must call EventLoop::unblock_signals_in_child() (or restore
//    its own mask) before exec.
//  - Paced readers (ReaderPace::burst, for the advert sockets): interrupt moderation as NICs
//    do it. A 255 x 10 ms master sends its adverts back to back over a millisecond or two;
//    woken per packet, a backup pays a wake-up (costly, above all in VMs) for every two or
//    three of them. When a paced reader is dispatched again within reader_burst_gap of its
//    previous dispatch, the loop sleeps up to reader_pause before it waits again, so that one
//    wake-up reads what arrived meanwhile (reader_pause_until). The pause ends reader_pause
//    before the earliest timer deadline: no timer is delayed, and packets that arrive close
//    to a deadline are read at once. A packet in a burst is thus handled at most
//    reader_pause (plus the timer slack) after its arrival.
//  - Callbacks may add/remove readers, arm/disarm/destroy timers (including their own),
//    and call stop(). A reader removed during a dispatch round is not called again in it.
//  - Nothing in run() throws; a failing epoll_wait ends run() with the error.

#include "util/unique_fd.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <signal.h>
#include <sys/signalfd.h>
#include <system_error>
#include <vector>

namespace vigil::runtime {

// steady_clock is CLOCK_MONOTONIC on Linux, the clock the timerfd uses.
using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// A handle to a timer created by EventLoop::create_timer(). A default-constructed or
// destroyed handle refers to no timer; operations on it do nothing.
struct TimerId {
    std::uint32_t slot = 0;       // 1-based; 0 is "no timer"
    std::uint32_t generation = 0; // a destroyed handle never aliases a later timer
    friend bool operator==(TimerId, TimerId) = default;
};

// How a reader is woken: at once for every readable event, or paced during bursts.
enum class ReaderPace : std::uint8_t { immediate, burst };

// Reader pacing parameters (see the contract above).
inline constexpr std::chrono::microseconds reader_pause{100};
inline constexpr std::chrono::microseconds reader_burst_gap{1000};

// When a paced reader, dispatched at `now` and before that at `previous`, makes the loop pause
// before waiting again: the end of the pause, or `now` for none. `earliest` is the earliest
// armed timer deadline (TimePoint::max(): none).
constexpr TimePoint reader_pause_until(TimePoint now, TimePoint previous,
                                       TimePoint earliest) noexcept {
    if (previous == TimePoint{} || now - previous > reader_burst_gap) {
        return now; // an isolated packet: nothing to coalesce
    }
    TimePoint until = now + reader_pause;
    if (earliest != TimePoint::max() && earliest - reader_pause < until) {
        until = earliest - reader_pause;
    }
    return until > now ? until : now;
}

inline constexpr std::chrono::milliseconds timerfd_postpone_interval{10};

// Whether the timerfd, set for `armed` (TimePoint::max(): not set) at `last_set`, must be
// reprogrammed at `now` before waiting, the earliest deadline being `earliest`
// (TimePoint::max(): none). An earlier deadline always: the timerfd must never fire late. A
// later one (or none) only once timerfd_postpone_interval has passed since the last
// reprogramming: firing early is harmless, it costs one wake-up.
constexpr bool timerfd_rearm_needed(TimePoint armed, TimePoint earliest, TimePoint now,
                                    TimePoint last_set) noexcept {
    if (earliest < armed) {
        return true;
    }
    return earliest > armed && now - last_set >= timerfd_postpone_interval;
}

class EventLoop {
public:
    using FdCallback = std::function<void(std::uint32_t events)>;
    using TimerCallback = std::function<void()>;
    using SignalCallback = std::function<void(const signalfd_siginfo& info)>;

    // Creates the epoll set, the timerfd and the signalfd. Throws std::system_error on
    // failure (startup only).
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // What a registered reader's callback is also called for: `read_write` adds EPOLLOUT
    // (a non-blocking connect completing, room in a full send buffer) until set back to
    // `read`; `write` is EPOLLOUT alone (an fd only written to, e.g. the log sinks': a tty's
    // EPOLLIN would wake the loop for typed input).
    enum class Interest { read, read_write, write };
    // Calls `callback` whenever `fd` is readable (and writable with Interest::read_write).
    // One callback per fd; registering an fd twice fails with EEXIST.
    [[nodiscard]] std::error_code add_reader(int fd, FdCallback callback,
                                             ReaderPace pace = ReaderPace::immediate,
                                             Interest interest = Interest::read) noexcept;
    // Stops watching `fd` (before the caller closes it). Unknown fds are ignored.
    void remove_reader(int fd) noexcept;
    // Changes a registered reader's interest; no system call when it is unchanged. Unknown
    // fds fail with ENOENT.
    [[nodiscard]] std::error_code set_interest(int fd, Interest interest) noexcept;

    // Timers. create_timer() allocates (startup or reconfiguration); the rest never does.
    [[nodiscard]] TimerId create_timer(TimerCallback callback);
    void destroy_timer(TimerId id) noexcept;
    // Fires the timer once at `deadline` (at once if it has passed); replaces an earlier arm.
    void arm(TimerId id, TimePoint deadline) noexcept;
    void disarm(TimerId id) noexcept;
    [[nodiscard]] bool armed(TimerId id) const noexcept;

    // Blocks `signo` and routes it to `callback`. Replaces an earlier callback.
    [[nodiscard]] std::error_code handle_signal(int signo, SignalCallback callback) noexcept;
    // Unblocks every signal handle_signal() blocked; for a child between fork() and exec().
    void unblock_signals_in_child() const noexcept;

    // Dispatches events until stop() is called. Returns the epoll error that ended it, or
    // an empty error_code after stop().
    std::error_code run() noexcept;
    // One dispatch round: waits at most `timeout` (negative: indefinitely) for events and
    // runs their callbacks. For tests and for embedding.
    std::error_code run_once(std::chrono::milliseconds timeout) noexcept;
    // True when a run_once(0) would dispatch something now: an fd is readable, a signal is
    // pending or a timer has expired. For low-priority work done only while idle.
    [[nodiscard]] bool has_ready_events() noexcept;
    // When the last run_once()'s wait ended, before its callbacks ran: the children measure
    // a late wake-up from it (process/process_scheduling.hpp), as keepalived does right
    // after epoll_wait.
    [[nodiscard]] TimePoint woke_at() const noexcept { return woke_at_; }
    void stop() noexcept { stopping_ = true; }
    // For a loop embedded in another process's poll() (the parent's supervisor): sets the
    // timerfd for the earliest armed timer and returns the epoll fd, which is readable when
    // a run_once(0) would dispatch something. Call it before each wait.
    [[nodiscard]] int prepare_external_wait() noexcept;

private:
    struct Reader {
        FdCallback callback;
        TimePoint last_dispatch{}; // paced readers only
        std::uint32_t generation = 0;
        ReaderPace pace = ReaderPace::immediate;
        Interest interest = Interest::read;
        bool active = false;
    };
    struct Timer {
        TimerCallback callback;
        TimePoint deadline{};
        std::uint32_t heap_index = no_index; // position in heap_, or no_index when disarmed
        std::uint32_t generation = 0;
        bool in_use = false;
    };
    static constexpr std::uint32_t no_index = UINT32_MAX;

    void dispatch_timers() noexcept;
    void dispatch_signals() noexcept;
    void rearm_timerfd() noexcept;
    void pause_for_readers() noexcept;
    TimePoint earliest_deadline() const noexcept;
    // Min-heap of timer slots ordered by deadline; heap_index mirrors positions.
    bool heap_less(std::uint32_t a, std::uint32_t b) const noexcept;
    void heap_swap(std::uint32_t i, std::uint32_t j) noexcept;
    void heap_up(std::uint32_t i) noexcept;
    void heap_down(std::uint32_t i) noexcept;
    void heap_remove(std::uint32_t slot) noexcept;
    Timer* timer(TimerId id) noexcept;
    const Timer* timer(TimerId id) const noexcept;

    UniqueFd epoll_;
    UniqueFd timerfd_;
    UniqueFd signalfd_;
    std::vector<Reader> readers_; // indexed by fd
    std::vector<Timer> timers_;   // slot i is TimerId{i + 1, generation}
    std::vector<std::uint32_t> free_timers_;
    std::vector<std::uint32_t> heap_;
    TimePoint timerfd_deadline_ = TimePoint::max(); // what the timerfd is set for
    TimePoint timerfd_set_at_{};                    // when it was last reprogrammed
    TimePoint pause_until_{};                       // set by a paced reader in a burst
    TimePoint woke_at_{};                           // the end of the last wait
    sigset_t signals_{};
    std::vector<SignalCallback> signal_callbacks_; // indexed by signal number
    bool stopping_ = false;
};

} // namespace vigil::runtime
