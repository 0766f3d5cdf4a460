#pragma once
// reload_time_file PATH / reload_repeat: the parent reloads itself at the time written in PATH
// (keepalived 2.2.7 core/reload_monitor.c; observed behaviour in the parity reference §4.2).
// Contract:
//  - inotify watches PATH's directory (create, delete, moved to/from, the directory itself
//    deleted or moved) and PATH (closed after writing); PATH is read at start, whenever it is
//    created or moved in, and whenever it is closed after writing.
//  - The first line is HH:MM:SS, YY-MM-DD HH:MM:SS or YYYY-MM-DD HH:MM:SS, local time, or UTC
//    with a trailing Z. A time of day already passed means tomorrow; a past date is ignored.
//    Each outcome logs keepalived's line ("Scheduling reload for ...", "Reload time updated
//    from ... to ...", "Cancelling reload scheduled for ...", the format errors).
//  - An unreadable or empty file, or PATH deleted or moved away, cancels the reload.
//  - At the time: the monitor stops, PATH is removed unless reload_repeat is set and no date
//    was given, and the caller reloads (the monitor starts again with the configuration that
//    reload leaves running).

#include "util/unique_fd.hpp"

#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::process {

// A reload time read from the file. `when` is nullopt when the text is refused (after
// logging why); `past` tells a refused date in the past from a malformed text.
struct ReloadTime {
    std::optional<std::time_t> when;
    bool date_given = false;
    bool past = false;
};
// Parses `text` (the file's first line, without its newline) at `now`, logging as keepalived.
ReloadTime parse_reload_time(std::string_view text, std::time_t now);

class ReloadMonitor {
public:
    // Starts watching; nullptr (after logging) when the directory cannot be watched.
    static std::unique_ptr<ReloadMonitor> start(std::string path, bool repeat);
    // Stops watching; a scheduled reload is dropped without a log line.
    ~ReloadMonitor() = default;

    int fd() const noexcept { return inotify_.get(); } // -1 once monitoring stopped
    void on_readable() noexcept;
    // Milliseconds until the reload is due (0: due now); nullopt: none scheduled.
    std::optional<long long> due_in_ms() const noexcept;
    // When due: stops monitoring, removes the file (unless reload_repeat without a date) and
    // returns true: the caller reloads.
    bool fire_if_due() noexcept;
    // The scheduled reload time and whether the file gave a date (the data dump's line).
    std::optional<std::time_t> scheduled() const noexcept { return scheduled_; }
    bool date_given() const noexcept { return date_given_; }

private:
    ReloadMonitor(std::string path, bool repeat) : path_(std::move(path)), repeat_(repeat) {}
    void read_file() noexcept;
    void cancel(bool log_it) noexcept;
    void watch_file() noexcept;

    std::string path_;
    std::string name_; // the file's name in its directory
    bool repeat_ = false;
    UniqueFd inotify_;
    int dir_wd_ = -1;
    int file_wd_ = -1;
    std::optional<std::time_t> scheduled_; // the reload time, when one is scheduled
    bool date_given_ = false;
};

} // namespace vigil::process
