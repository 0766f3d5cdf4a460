#include "track/file_tracker.hpp"

#include "util/log.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace vigil::track {
namespace {

std::string read_small_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd) {
        return {};
    }
    std::array<char, 64> buf{};
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : std::string();
}

} // namespace

std::int64_t parse_track_file_value(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) {
        ++i;
    }
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        negative = text[i] == '-';
        ++i;
    }
    std::int64_t value = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        if (value < (INT64_MAX - 9) / 10) {
            value = value * 10 + (text[i] - '0');
        }
    }
    return negative ? -value : value;
}

FileTracker::FileTracker(runtime::EventLoop& loop, Callback callback)
    : loop_(loop), callback_(std::move(callback)) {}

FileTracker::~FileTracker() {
    if (inotify_) {
        loop_.remove_reader(inotify_.get());
    }
}

void FileTracker::start(std::vector<WatchedFile> files) {
    if (inotify_) {
        loop_.remove_reader(inotify_.get());
        inotify_.reset();
    }
    files_.clear();
    if (files.empty()) {
        return;
    }
    inotify_ = UniqueFd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!inotify_) {
        log::error("inotify_init failed - {}", std::strerror(errno));
    } else {
        [[maybe_unused]] auto ec = loop_.add_reader(inotify_.get(), [this](std::uint32_t) { on_readable(); });
    }
    for (WatchedFile& f : files) {
        Entry e;
        if (f.init_value && (f.overwrite || ::access(f.path.c_str(), F_OK) != 0)) {
            UniqueFd fd(::open(f.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
            if (fd) {
                const std::string text = std::to_string(*f.init_value) + "\n";
                [[maybe_unused]] auto n = ::write(fd.get(), text.data(), text.size());
            }
        }
        const std::size_t slash = f.path.rfind('/');
        const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : f.path.substr(0, slash));
        e.base_name = slash == std::string::npos ? f.path : f.path.substr(slash + 1);
        if (inotify_) {
            e.wd = ::inotify_add_watch(inotify_.get(), dir.c_str(),
                                       IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE);
        }
        e.file = std::move(f);
        files_.push_back(std::move(e));
    }
    for (std::size_t i = 0; i < files_.size(); ++i) {
        files_[i].value = parse_track_file_value(read_small_file(files_[i].file.path));
        if (callback_) {
            callback_(i, files_[i].value);
        }
    }
}

std::int64_t FileTracker::value(std::size_t index) const noexcept {
    return index < files_.size() ? files_[index].value : 0;
}

void FileTracker::refresh(std::size_t index) {
    Entry& e = files_[index];
    const std::int64_t value = parse_track_file_value(read_small_file(e.file.path));
    if (value != e.value) {
        e.value = value;
        if (callback_) {
            callback_(index, value);
        }
    }
}

void FileTracker::on_readable() {
    alignas(inotify_event) std::array<char, 4096> buf{};
    for (;;) {
        const ssize_t n = ::read(inotify_.get(), buf.data(), buf.size());
        if (n <= 0) {
            return;
        }
        for (ssize_t off = 0; off < n;) {
            const auto* ev = reinterpret_cast<const inotify_event*>(buf.data() + off);
            const std::string_view name = ev->len > 0 ? std::string_view(ev->name) : std::string_view();
            for (std::size_t i = 0; i < files_.size(); ++i) {
                if (files_[i].wd == ev->wd && files_[i].base_name == name) {
                    refresh(i);
                }
            }
            off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
        }
    }
}

} // namespace vigil::track
