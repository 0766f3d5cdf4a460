#pragma once
// track_file (section 3.6): each file holds an integer; the engine multiplies it by the
// weight. Files are watched through inotify on their directory (so creation, replacement by
// rename and deletion are seen); a missing or non-numeric file reads as 0. `init_file`
// creates the file with its value at start-up (or overwrites it with `overwrite`).

#include "runtime/event_loop.hpp"
#include "util/unique_fd.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vigil::track {

struct WatchedFile {
    std::string name;
    std::string path;
    std::optional<long> init_value;
    bool overwrite = false;
};

// The integer at the start of `text` (leading blanks allowed, base 10); 0 if none.
std::int64_t parse_track_file_value(std::string_view text) noexcept;

class FileTracker {
public:
    using Callback = std::function<void(std::size_t index, std::int64_t value)>;

    FileTracker(runtime::EventLoop& loop, Callback callback);
    FileTracker(const FileTracker&) = delete;
    FileTracker& operator=(const FileTracker&) = delete;
    ~FileTracker();

    // Replaces the watched set; reports every file's current value through the callback.
    void start(std::vector<WatchedFile> files);
    [[nodiscard]] std::int64_t value(std::size_t index) const noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }

private:
    struct Entry {
        WatchedFile file;
        int wd = -1;
        std::string base_name;
        std::int64_t value = 0;
    };
    void on_readable();
    void refresh(std::size_t index);

    runtime::EventLoop& loop_;
    Callback callback_;
    UniqueFd inotify_;
    std::vector<Entry> files_;
};

} // namespace vigil::track
