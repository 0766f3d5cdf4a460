#include "runtime/log_sinks.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace vigil::runtime {
namespace {

LogSinks* installed = nullptr;

void trampoline(log::Level level, std::string_view message) {
    if (installed != nullptr) {
        installed->write(level, message);
    }
}

int severity(log::Level level) {
    switch (level) {
    case log::Level::alert:
        return LOG_ALERT;
    case log::Level::error:
        return LOG_ERR;
    case log::Level::warning:
        return LOG_WARNING;
    case log::Level::notice:
        return LOG_NOTICE;
    case log::Level::info:
    case log::Level::detail:
        return LOG_INFO;
    }
    return LOG_INFO;
}

} // namespace

std::optional<int> parse_log_facility(std::string_view text) {
    static constexpr std::array<int, 8> locals{LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
                                               LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7};
    if (text == "user") {
        return LOG_USER;
    }
    if (text == "daemon") {
        return LOG_DAEMON;
    }
    if (text.starts_with("local")) {
        text.remove_prefix(5);
    }
    if (text.size() == 1 && text[0] >= '0' && text[0] <= '7') {
        return locals[static_cast<std::size_t>(text[0] - '0')];
    }
    return std::nullopt;
}

int syslog_priority(int facility, log::Level level) { return facility | severity(level); }

std::string format_syslog_line(int priority, std::time_t when, std::string_view ident, pid_t pid,
                               std::string_view message) {
    std::tm tm{};
    localtime_r(&when, &tm);
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return fmt::format("<{}>{} {:2} {:02}:{:02}:{:02} {}[{}]: {}", priority,
                       months[static_cast<std::size_t>(tm.tm_mon) % 12], tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec, ident, pid, message);
}

std::string format_console_line(std::time_t when, std::string_view message) {
    std::tm tm{};
    localtime_r(&when, &tm);
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    // %c in the C locale: "%a %b %e %H:%M:%S %Y".
    return fmt::format("{} {} {:2} {:02}:{:02}:{:02} {}: {}\n",
                       days[static_cast<std::size_t>(tm.tm_wday) % 7],
                       months[static_cast<std::size_t>(tm.tm_mon) % 12], tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec, tm.tm_year + 1900, message);
}

std::string make_ident(std::string_view base, std::string_view net_namespace,
                       std::string_view instance) {
    std::string ident(base);
    if (!net_namespace.empty()) {
        ident += '_';
        ident += net_namespace;
    }
    if (!instance.empty()) {
        ident += '_';
        ident += instance;
    }
    return ident;
}

LogSinks::LogSinks(LogSettings settings) : settings_(std::move(settings)), pid_(::getpid()) {
    if (settings_.console == ConsoleLog::on) {
        open_console();
    }
    installed = this;
    log::set_sink(&trampoline);
}

LogSinks::~LogSinks() {
    if (installed == this) {
        installed = nullptr;
        log::set_sink(nullptr);
    }
}

void LogSinks::set_ident(std::string ident) {
    settings_.ident = std::move(ident);
    pid_ = ::getpid();
}

void LogSinks::set_console(ConsoleLog console) {
    settings_.console = console;
    if (console == ConsoleLog::on && !console_fd_ && console_kind_ == ConsoleKind::file) {
        open_console();
    }
}

void LogSinks::open_console() noexcept {
    struct stat st {};
    if (::fstat(STDERR_FILENO, &st) != 0) {
        return;
    }
    if (S_ISSOCK(st.st_mode)) {
        console_kind_ = ConsoleKind::socket;
    } else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
        // A new open file description, so O_NONBLOCK does not leak into the shell's stderr.
        UniqueFd fd(::open("/proc/self/fd/2", O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
        if (fd) {
            console_fd_ = std::move(fd);
            console_kind_ = ConsoleKind::reopened;
        }
    }
}

void LogSinks::write(log::Level level, std::string_view message) noexcept {
    const std::time_t now = std::time(nullptr);
    if (settings_.syslog == SyslogLog::on) {
        send_syslog(level, message, now);
    }
    if (settings_.console == ConsoleLog::on) {
        write_console(message, now);
    }
}

void LogSinks::connect_syslog(std::time_t now) noexcept {
    if (now == last_connect_attempt_) {
        return;
    }
    last_connect_attempt_ = now;
    UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        return;
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (settings_.socket_path.size() >= sizeof(addr.sun_path)) {
        return;
    }
    std::memcpy(addr.sun_path, settings_.socket_path.data(), settings_.socket_path.size());
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
        return;
    }
    syslog_fd_ = std::move(fd);
}

void LogSinks::send_syslog(log::Level level, std::string_view message, std::time_t now) noexcept {
    if (!syslog_fd_) {
        connect_syslog(now);
        if (!syslog_fd_) {
            ++dropped_;
            return;
        }
    }
    try {
        const std::string line = format_syslog_line(syslog_priority(settings_.facility, level), now,
                                                     settings_.ident, pid_, message);
        if (::send(syslog_fd_.get(), line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL) >= 0) {
            return;
        }
    } catch (...) {
        ++dropped_;
        return;
    }
    ++dropped_;
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS && errno != EINTR) {
        syslog_fd_.reset(); // listener gone (ECONNREFUSED, ENOTCONN...): reconnect lazily
    }
}

void LogSinks::write_console(std::string_view message, std::time_t now) noexcept {
    try {
        const std::string line = format_console_line(now, message);
        switch (console_kind_) {
        case ConsoleKind::socket:
            if (::send(STDERR_FILENO, line.data(), line.size(), MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
                ++dropped_;
            }
            break;
        case ConsoleKind::reopened:
            if (::write(console_fd_.get(), line.data(), line.size()) < 0) {
                ++dropped_;
            }
            break;
        case ConsoleKind::file:
            if (::write(STDERR_FILENO, line.data(), line.size()) < 0) {
                ++dropped_;
            }
            break;
        }
    } catch (...) {
        ++dropped_;
    }
}

} // namespace vigil::runtime
