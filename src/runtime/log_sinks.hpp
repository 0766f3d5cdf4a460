#pragma once
// Syslog and console sinks for the log facade (src/util/log.hpp).
//
// Contract (lab "Surprises" 1: keepalived stalls its event loop on a slow console; it also
// loses nothing, as it blocks: we want both, never blocking the loop and losing nothing):
//  - syslog is NOT glibc syslog(3): we own a non-blocking AF_UNIX datagram socket connected to
//    /dev/log and send RFC 3164 lines `<PRI>Mmm dd hh:mm:ss IDENT[PID]: MSG`. A vanished
//    listener closes the socket, which is reconnected lazily (at most once a second); lines
//    with no listener are dropped and counted (dropped()).
//  - the console (-l with -n) writes `"%c: msg"` lines to stderr: a pipe or tty is reopened
//    non-blocking, a socket (journald's stream) is written with MSG_DONTWAIT.
//  - A line that cannot be written at once (a full listener queue: the kernel's default
//    net.unix.max_dgram_qlen is 10 datagrams) waits in its sink's LogQueue, and every later
//    line waits behind it: lines never overtake. The bound is LogQueue's (64 Ki lines or
//    4 MiB per sink, whichever comes first); only past it are lines dropped, and once the
//    queue has drained one line "N log lines dropped (syslog queue full)" (or "console")
//    follows them.
//  - Who drains the queues depends on the LogDelivery: `queue` while an event loop runs
//    (LogPump flushes on EPOLLOUT and a retry timer; the parent's poll loop calls flush()),
//    `wait` before it runs and after it ends (see LogDelivery).
//  - Exit: the destructor, and every process before _exit(), waits at most log_wait_budget
//    in total for the queues to drain, so that the last lines ("Stopped ...") arrive.
//  - exactly one LogSinks object is installed at a time; it routes the facade's function
//    pointer to itself and restores the default sink when destroyed. A forked child inherits
//    it and must call after_fork() before it logs.

#include "runtime/log_queue.hpp"
#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <sys/types.h>
#include <syslog.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::runtime {

enum class ConsoleLog { off, on };
enum class SyslogLog { off, on };

// How write() treats a line that cannot be written at once.
//  - wait: no event loop runs (start-up, config reading, -t, exit paths): the line waits, as
//    keepalived's do, since nothing time-critical runs yet and start-up lines (config errors)
//    are the ones an operator needs. A line waits at most log_wait_budget; after such a
//    timeout (a listener that reads nothing) later lines queue without waiting until the
//    queue has drained, so a dead listener delays start-up by one budget, not one per line.
//  - queue: an event loop runs and drains the queues (LogPump): write() never waits.
enum class LogDelivery { wait, queue };

inline constexpr std::chrono::milliseconds log_wait_budget{1000};

struct LogSettings {
    std::string ident = "Keepalived";
    int facility = LOG_DAEMON; // as in <syslog.h>: already shifted left by 3
    ConsoleLog console = ConsoleLog::off;
    SyslogLog syslog = SyslogLog::on;
    std::string socket_path = "/dev/log";
};

// `-S` values: 0..7 -> LOG_LOCAL0..7, local0..local7, user, daemon. nullopt = "Invalid log facility".
std::optional<int> parse_log_facility(std::string_view text);

// <PRI> value: facility | severity. Level::detail is LOG_INFO, as keepalived logs it.
int syslog_priority(int facility, log::Level level);

// `<PRI>Mmm dd hh:mm:ss IDENT[PID]: MSG` (RFC 3164 4.1; day space-padded, local time).
std::string format_syslog_line(int priority, std::time_t when, std::string_view ident, pid_t pid,
                               std::string_view message);

// `Wed Nov 25 03:15:40 2026: MSG\n` (strftime %c in the C locale, as keepalived -l).
std::string format_console_line(std::time_t when, std::string_view message);

// Idents: "Keepalived" / "Keepalived_vrrp" plus "_NS" and "_INSTANCE" suffixes (section 2).
std::string make_ident(std::string_view base, std::string_view net_namespace,
                       std::string_view instance);

class LogSinks {
public:
    explicit LogSinks(LogSettings settings);
    LogSinks(const LogSinks&) = delete;
    LogSinks& operator=(const LogSinks&) = delete;
    ~LogSinks();

    // After fork(): the child's ident and pid ("Keepalived_vrrp[PID]").
    void set_ident(std::string ident);
    void set_console(ConsoleLog console);

    void write(log::Level level, std::string_view message) noexcept;

    // The installed LogSinks, or nullptr.
    [[nodiscard]] static LogSinks* current() noexcept;

    void set_delivery(LogDelivery delivery) noexcept { delivery_ = delivery; }
    // Called whenever a queue that was empty gets a line while delivery is `queue` (and at
    // once if lines wait already): the event loop arms its flush. An empty function: none.
    void set_queued_listener(std::function<void()> listener) noexcept;

    [[nodiscard]] bool pending() const noexcept { return !syslog_.queue.empty() || !console_.queue.empty(); }
    // The fd whose writability would let queued lines out, or -1 when none wait.
    [[nodiscard]] int syslog_wait_fd() const noexcept;
    [[nodiscard]] int console_wait_fd() const noexcept;
    // Writes what can be written of the queues now, without waiting.
    void flush() noexcept;
    // Waits at most `budget` in all for both queues to drain (exit paths).
    void flush_waiting(std::chrono::milliseconds budget) noexcept;
    // In a child right after fork(): the parent's queued lines are the parent's to send;
    // forgets them and the parent's listener, and delivery is `wait` until a LogPump runs.
    void after_fork() noexcept;

    // Lines lost: no listener, a write error, or past a queue's bound.
    [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; }
    [[nodiscard]] const std::string& ident() const noexcept { return settings_.ident; }

private:
    enum class Outlet { syslog, console };
    struct Channel {
        LogQueue queue;
        bool stalled = false; // a `wait` timed out: queue without waiting until drained
    };
    Channel& channel(Outlet outlet) noexcept { return outlet == Outlet::syslog ? syslog_ : console_; }
    // One write of `bytes`: the count written, or -1 with errno.
    ssize_t send_raw(Outlet outlet, std::string_view bytes) noexcept;
    int fd_of(Outlet outlet) const noexcept;
    void deliver(Outlet outlet, std::string_view line) noexcept;
    void enqueue(Channel& channel, std::string_view line) noexcept;
    // Writes queued lines until the queue is empty (true) or the fd would block (false).
    bool drain(Outlet outlet) noexcept;
    bool drain_waiting(Outlet outlet, std::chrono::steady_clock::time_point deadline) noexcept;
    void connect_syslog(std::time_t now) noexcept;
    void open_console() noexcept;

    LogSettings settings_;
    pid_t pid_;
    UniqueFd syslog_fd_;
    std::time_t last_connect_attempt_ = 0;
    UniqueFd console_fd_; // non-blocking reopen of stderr, or invalid = use fd 2 directly
    enum class ConsoleKind { file, reopened, socket } console_kind_ = ConsoleKind::file;
    Channel syslog_;
    Channel console_;
    LogDelivery delivery_ = LogDelivery::wait;
    std::function<void()> queued_listener_;
    std::uint64_t dropped_ = 0;
};

} // namespace vigil::runtime
