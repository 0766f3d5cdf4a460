#pragma once
// Syslog and console sinks for the log facade (src/util/log.hpp).
//
// Contract (lab "Surprises" 1: keepalived stalls its event loop on a slow console):
//  - syslog is NOT glibc syslog(3): we own a non-blocking AF_UNIX datagram socket connected to
//    /dev/log and send RFC 3164 lines `<PRI>Mmm dd hh:mm:ss IDENT[PID]: MSG`. A full socket
//    buffer (EAGAIN/ENOBUFS) drops the line and counts it; a vanished listener closes the
//    socket, which is reconnected lazily (at most once a second).
//  - the console (-l with -n) writes `"%c: msg"` lines to stderr without ever blocking: a pipe
//    or tty is reopened non-blocking, a socket (journald) is written with MSG_DONTWAIT.
//  - exactly one LogSinks object is installed at a time; it routes the facade's function
//    pointer to itself and restores the default sink when destroyed.

#include "util/log.hpp"
#include "util/unique_fd.hpp"

#include <sys/types.h>
#include <syslog.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::runtime {

enum class ConsoleLog { off, on };
enum class SyslogLog { off, on };

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

    [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; }
    [[nodiscard]] const std::string& ident() const noexcept { return settings_.ident; }

private:
    void send_syslog(log::Level level, std::string_view message, std::time_t now) noexcept;
    void write_console(std::string_view message, std::time_t now) noexcept;
    void connect_syslog(std::time_t now) noexcept;
    void open_console() noexcept;

    LogSettings settings_;
    pid_t pid_;
    UniqueFd syslog_fd_;
    std::time_t last_connect_attempt_ = 0;
    UniqueFd console_fd_; // non-blocking reopen of stderr, or invalid = use fd 2 directly
    enum class ConsoleKind { file, reopened, socket } console_kind_ = ConsoleKind::file;
    std::uint64_t dropped_ = 0;
};

} // namespace vigil::runtime
