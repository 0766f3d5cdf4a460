#pragma once
// The one logging facade. Every component logs through here; the daemon decides where the
// lines go (syslog, console, both) by installing a sink. Contract:
//  - write() never throws and never blocks on I/O: a sink that cannot deliver drops the line
//    (and counts it) rather than stall the event loop (keepalived stalls on a slow console).
//  - Messages carry keepalived's wording verbatim; the sink adds idents and timestamps.
//  - Level::detail lines are emitted only when detail logging (-D) is on.

#include <fmt/format.h>

#include <cstddef>
#include <string_view>

namespace vigil::log {

// Severities map one-to-one onto syslog priorities.
enum class Level { alert, error, warning, notice, info, detail };

// A sink receives every line that passes the level filter. It must not block or throw.
using Sink = void (*)(Level level, std::string_view message);

// Replaces the current sink; nullptr restores the default (stderr, unbuffered).
void set_sink(Sink sink) noexcept;

// -D / --log-detail: lets Level::detail lines through.
void set_detail(bool enabled) noexcept;
bool detail_enabled() noexcept;

void write(Level level, std::string_view message) noexcept;

// While at least one Hold is alive, lines are queued instead of delivered; when the outermost
// Hold ends they go to the sink in order. The VRRP child holds lines across each event-loop
// iteration so that time-critical output (adverts, address changes) leaves before the lines
// describing it: formatting and writing 1000 lines costs milliseconds, a takeover must not.
// At most `held_limit` lines wait; beyond that they are delivered at once. Single-threaded.
class Hold {
public:
    static constexpr std::size_t held_limit = 16384;
    Hold() noexcept;
    ~Hold();
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
};

// While at least one Mute is alive, lines are discarded: for dry runs of code that logs
// (a reload preview runs the engine's reload on a copy). Single-threaded.
class Mute {
public:
    Mute() noexcept;
    ~Mute();
    Mute(const Mute&) = delete;
    Mute& operator=(const Mute&) = delete;
};

template <typename... Args>
void emit(Level level, fmt::format_string<Args...> format, Args&&... args) noexcept {
    if (level == Level::detail && !detail_enabled()) {
        return;
    }
    try {
        write(level, fmt::format(format, std::forward<Args>(args)...));
    } catch (...) {
        // Formatting failures (allocation) lose the line, never the daemon.
    }
}

template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) noexcept {
    emit(Level::info, format, std::forward<Args>(args)...);
}
template <typename... Args>
void detail(fmt::format_string<Args...> format, Args&&... args) noexcept {
    emit(Level::detail, format, std::forward<Args>(args)...);
}
template <typename... Args>
void warning(fmt::format_string<Args...> format, Args&&... args) noexcept {
    emit(Level::warning, format, std::forward<Args>(args)...);
}
template <typename... Args>
void error(fmt::format_string<Args...> format, Args&&... args) noexcept {
    emit(Level::error, format, std::forward<Args>(args)...);
}
template <typename... Args>
void alert(fmt::format_string<Args...> format, Args&&... args) noexcept {
    emit(Level::alert, format, std::forward<Args>(args)...);
}

} // namespace vigil::log
