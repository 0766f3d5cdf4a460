#include "process/reload_monitor.hpp"

#include "util/log.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace vigil::process {
namespace {

std::string local_text(std::time_t t) {
    std::tm tm{};
    ::localtime_r(&t, &tm);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%d %H:%M:%S", &tm);
    return buf.data();
}

bool same_fields(const std::tm& a, const std::tm& b) noexcept {
    return a.tm_year == b.tm_year && a.tm_mon == b.tm_mon && a.tm_mday == b.tm_mday && a.tm_hour == b.tm_hour &&
           a.tm_min == b.tm_min && a.tm_sec == b.tm_sec;
}

constexpr std::uint32_t dir_events = IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE_SELF | IN_MOVE_SELF;

} // namespace

ReloadTime parse_reload_time(std::string_view text, std::time_t now) {
    ReloadTime out;
    const std::string whole(text);
    std::size_t len = whole.size();
    const bool utc = len > 0 && whole[len - 1] == 'Z';
    if (utc) {
        --len;
    }
    if (len != 8 && len != 17 && len != 19) {
        log::info("Reload time {} format is incorrect - ignoring", whole);
        return out;
    }
    std::tm tm{};
    if (utc) {
        ::gmtime_r(&now, &tm);
    } else {
        ::localtime_r(&now, &tm);
    }
    const char* format = len == 8 ? "%H:%M:%S" : len == 17 ? "%y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M:%S";
    const char* end = ::strptime(whole.c_str(), format, &tm);
    if (end == nullptr || end[utc ? 1 : 0] != '\0') {
        log::info("Reload date/time {} invalid - ignoring", whole);
        return out;
    }
    tm.tm_isdst = -1;
    std::tm normal = tm;
    std::time_t t = std::mktime(&normal);
    if (!same_fields(tm, normal)) {
        log::info("Reload time {} is not valid - ignoring", whole);
        return out;
    }
    if (utc) {
        t = ::timegm(&normal);
    }
    if (t <= now) {
        if (len != 8) {
            log::info("Reload time {} is in the past - ignoring", whole);
            out.past = true;
            return out;
        }
        ++normal.tm_mday; // a time of day already passed: tomorrow
        t = utc ? ::timegm(&normal) : std::mktime(&normal);
    }
    out.when = t;
    out.date_given = len >= 17;
    return out;
}

std::unique_ptr<ReloadMonitor> ReloadMonitor::start(std::string path, bool repeat) {
    std::unique_ptr<ReloadMonitor> m(new ReloadMonitor(std::move(path), repeat));
    m->inotify_ = UniqueFd(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
    const std::size_t slash = m->path_.rfind('/');
    const std::string dir = slash == std::string::npos ? "/" : m->path_.substr(0, slash);
    m->name_ = slash == std::string::npos ? m->path_ : m->path_.substr(slash + 1);
    if (!m->inotify_ || (m->dir_wd_ = ::inotify_add_watch(m->inotify_.get(), dir.c_str(), dir_events)) < 0) {
        log::info("Unable to monitor reload timer file directory {}- ignoring", dir);
        return nullptr;
    }
    m->watch_file();
    return m;
}

void ReloadMonitor::watch_file() noexcept {
    file_wd_ = ::inotify_add_watch(inotify_.get(), path_.c_str(), IN_CLOSE_WRITE);
    if (file_wd_ >= 0) {
        read_file();
    }
}

void ReloadMonitor::cancel(bool log_it) noexcept {
    if (scheduled_ && log_it) {
        log::info("Cancelling reload scheduled for {}", local_text(*scheduled_));
    }
    scheduled_.reset();
}

void ReloadMonitor::read_file() noexcept {
    std::array<char, 21> line{};
    std::FILE* f = std::fopen(path_.c_str(), "re");
    if (f == nullptr) {
        cancel(true);
        return;
    }
    const bool got = std::fgets(line.data(), static_cast<int>(line.size()), f) != nullptr;
    std::fclose(f);
    if (!got) {
        cancel(true);
        return;
    }
    std::string text(line.data());
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    try {
        const ReloadTime parsed = parse_reload_time(text, std::time(nullptr));
        if (!parsed.when) {
            if (parsed.past) {
                log::info("Reload date/time is in the past - ignoring");
            } else {
                log::info("Invalid reload time '{}' specified - ignoring", text);
            }
            cancel(true);
            return;
        }
        date_given_ = parsed.date_given;
        if (parsed.when == scheduled_) {
            return;
        }
        if (scheduled_) {
            log::info("Reload time updated from {} to {}", local_text(*scheduled_), local_text(*parsed.when));
        } else {
            log::info("Scheduling reload for {}", local_text(*parsed.when));
        }
        scheduled_ = parsed.when;
    } catch (...) {
    }
}

void ReloadMonitor::on_readable() noexcept {
    alignas(inotify_event) std::array<char, 4096> buf{};
    for (;;) {
        const ssize_t len = ::read(inotify_.get(), buf.data(), buf.size());
        if (len < static_cast<ssize_t>(sizeof(inotify_event))) {
            return;
        }
        for (ssize_t at = 0; at < len;) {
            inotify_event event{};
            std::memcpy(&event, buf.data() + at, sizeof(event));
            const std::string_view name = event.len > 0 ? std::string_view(buf.data() + at + sizeof(event)) : "";
            at += static_cast<ssize_t>(sizeof(event) + event.len);
            if (file_wd_ >= 0 && event.wd == file_wd_ && (event.mask & IN_CLOSE_WRITE)) {
                read_file();
            }
            if (event.wd != dir_wd_) {
                continue;
            }
            if (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
                cancel(true);
                inotify_.reset();
                log::info("Directory of reload timer file has disappeared. Monitoring stopped.");
                return;
            }
            if (name != name_) {
                continue;
            }
            if (event.mask & (IN_CREATE | IN_MOVED_TO)) {
                watch_file();
            } else if (event.mask & (IN_DELETE | IN_MOVED_FROM)) {
                ::inotify_rm_watch(inotify_.get(), file_wd_);
                file_wd_ = -1;
                cancel(true);
            }
        }
    }
}

std::optional<long long> ReloadMonitor::due_in_ms() const noexcept {
    if (!scheduled_) {
        return std::nullopt;
    }
    const auto now = std::chrono::system_clock::now();
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(std::chrono::system_clock::from_time_t(*scheduled_) - now);
    return left.count() < 0 ? 0 : left.count();
}

bool ReloadMonitor::fire_if_due() noexcept {
    const auto left = due_in_ms();
    if (!left || *left > 0) {
        return false;
    }
    scheduled_.reset();
    inotify_.reset(); // the removal below is ours, not a cancellation
    if (!repeat_ || date_given_) {
        ::unlink(path_.c_str());
    }
    return true;
}

} // namespace vigil::process
