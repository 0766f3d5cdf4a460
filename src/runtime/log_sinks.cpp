#include "runtime/log_sinks.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
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

// The write would succeed later: the line waits in the queue.
bool would_block(int error) noexcept {
    return error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS || error == EINTR;
}

// The wait for room: poll() for POLLOUT (a connected AF_UNIX datagram socket reports it when
// the peer's queue has room), capped by a backoff of 1 ms doubling to 50 ms in case the fd
// never reports it.
constexpr std::chrono::milliseconds first_retry{1};
constexpr std::chrono::milliseconds last_retry{50};

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
    flush_waiting(log_wait_budget);
    if (installed == this) {
        installed = nullptr;
        log::set_sink(nullptr);
    }
}

LogSinks* LogSinks::current() noexcept { return installed; }

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

void LogSinks::set_queued_listener(std::function<void()> listener) noexcept {
    queued_listener_ = std::move(listener);
    if (queued_listener_ && pending()) {
        queued_listener_();
    }
}

void LogSinks::after_fork() noexcept {
    for (Channel* ch : {&syslog_, &console_}) {
        ch->queue.clear();
        ch->stalled = false;
    }
    queued_listener_ = nullptr;
    delivery_ = LogDelivery::wait;
    dropped_ = 0;
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
    try {
        if (settings_.syslog == SyslogLog::on) {
            if (!syslog_fd_) {
                connect_syslog(now);
            }
            if (!syslog_fd_ && syslog_.queue.empty()) {
                ++dropped_; // no listener: nothing to wait for
            } else {
                deliver(Outlet::syslog, format_syslog_line(syslog_priority(settings_.facility, level), now,
                                                           settings_.ident, pid_, message));
            }
        }
        if (settings_.console == ConsoleLog::on) {
            deliver(Outlet::console, format_console_line(now, message));
        }
    } catch (...) {
        ++dropped_; // formatting ran out of memory
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

int LogSinks::fd_of(Outlet outlet) const noexcept {
    switch (outlet) {
    case Outlet::syslog:
        return syslog_fd_ ? syslog_fd_.get() : -1;
    case Outlet::console:
        return console_kind_ == ConsoleKind::reopened ? console_fd_.get() : STDERR_FILENO;
    }
    return -1;
}

int LogSinks::syslog_wait_fd() const noexcept { return syslog_.queue.empty() ? -1 : fd_of(Outlet::syslog); }
int LogSinks::console_wait_fd() const noexcept { return console_.queue.empty() ? -1 : fd_of(Outlet::console); }

ssize_t LogSinks::send_raw(Outlet outlet, std::string_view bytes) noexcept {
    switch (outlet) {
    case Outlet::syslog: {
        if (!syslog_fd_) {
            connect_syslog(std::time(nullptr));
            if (!syslog_fd_) {
                errno = ENOTCONN;
                return -1;
            }
        }
        const ssize_t n = ::send(syslog_fd_.get(), bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && !would_block(errno)) {
            const int error = errno;
            syslog_fd_.reset(); // listener gone (ECONNREFUSED, ENOTCONN...): reconnect lazily
            errno = error;
        }
        return n;
    }
    case Outlet::console:
        if (console_kind_ == ConsoleKind::socket) {
            return ::send(STDERR_FILENO, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        }
        return ::write(fd_of(outlet), bytes.data(), bytes.size());
    }
    errno = EINVAL;
    return -1;
}

void LogSinks::enqueue(Channel& channel, std::string_view line) noexcept {
    const std::uint64_t before = channel.queue.dropped();
    const bool was_empty = channel.queue.empty();
    channel.queue.push(line);
    dropped_ += channel.queue.dropped() - before;
    if (was_empty && !channel.queue.empty() && delivery_ == LogDelivery::queue && queued_listener_) {
        queued_listener_();
    }
}

void LogSinks::deliver(Outlet outlet, std::string_view line) noexcept {
    Channel& ch = channel(outlet);
    if (!ch.queue.empty()) {
        drain(outlet); // lines never overtake: only an empty queue lets this one go first
    }
    if (ch.queue.empty()) {
        const ssize_t n = send_raw(outlet, line);
        if (n == static_cast<ssize_t>(line.size())) {
            return;
        }
        if (n < 0 && !would_block(errno)) {
            ++dropped_;
            return;
        }
        line.remove_prefix(n > 0 ? static_cast<std::size_t>(n) : 0); // a stream took part of it
    }
    enqueue(ch, line);
    if (delivery_ == LogDelivery::wait && !ch.stalled &&
        !drain_waiting(outlet, std::chrono::steady_clock::now() + log_wait_budget)) {
        ch.stalled = true;
    }
}

bool LogSinks::drain(Outlet outlet) noexcept {
    Channel& ch = channel(outlet);
    for (;;) {
        while (!ch.queue.empty()) {
            const std::string_view bytes = ch.queue.front();
            const ssize_t n = send_raw(outlet, bytes);
            if (n < 0 && would_block(errno)) {
                return false;
            }
            if (n < 0) {
                ++dropped_; // the listener is gone: this line is lost, as with no listener
                ch.queue.consume(bytes.size());
            } else if (n == 0) {
                return false;
            } else {
                ch.queue.consume(static_cast<std::size_t>(n));
            }
        }
        ch.stalled = false;
        const std::uint64_t lost = ch.queue.take_dropped();
        if (lost == 0) {
            return true;
        }
        // After the lines that made it, say how many did not.
        try {
            const std::time_t now = std::time(nullptr);
            const char* sink = outlet == Outlet::syslog ? "syslog" : "console";
            const std::string notice = fmt::format("{} log lines dropped ({} queue full)", lost, sink);
            ch.queue.push(outlet == Outlet::syslog
                              ? format_syslog_line(syslog_priority(settings_.facility, log::Level::warning),
                                                   now, settings_.ident, pid_, notice)
                              : format_console_line(now, notice));
        } catch (...) {
            return true;
        }
    }
}

bool LogSinks::drain_waiting(Outlet outlet, std::chrono::steady_clock::time_point deadline) noexcept {
    std::chrono::milliseconds backoff = first_retry;
    while (!drain(outlet)) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd p{fd_of(outlet), POLLOUT, 0};
        ::poll(&p, p.fd >= 0 ? 1 : 0, static_cast<int>(std::min(backoff, left).count()));
        backoff = std::min(backoff * 2, last_retry);
    }
    return true;
}

void LogSinks::flush() noexcept {
    if (!syslog_.queue.empty()) {
        drain(Outlet::syslog);
    }
    if (!console_.queue.empty()) {
        drain(Outlet::console);
    }
}

void LogSinks::flush_waiting(std::chrono::milliseconds budget) noexcept {
    const auto deadline = std::chrono::steady_clock::now() + budget;
    if (!syslog_.queue.empty()) {
        drain_waiting(Outlet::syslog, deadline);
    }
    if (!console_.queue.empty()) {
        drain_waiting(Outlet::console, deadline);
    }
}

} // namespace vigil::runtime
