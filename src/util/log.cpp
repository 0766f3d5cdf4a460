#include "util/log.hpp"

#include <unistd.h>

#include <atomic>
#include <string>
#include <vector>

namespace vigil::log {
namespace {

void stderr_sink(Level /*level*/, std::string_view message) {
    std::string line(message);
    line.push_back('\n');
    // Best effort, unbuffered: a short or failed write loses (part of) the line.
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

std::atomic<Sink> current_sink{&stderr_sink};

struct HeldLine {
    Level level;
    std::string text;
};
int hold_depth = 0;
std::vector<HeldLine>& held_lines() {
    static std::vector<HeldLine> lines;
    return lines;
}

void deliver(Level level, std::string_view message) noexcept {
    try {
        current_sink.load()(level, message);
    } catch (...) {
    }
}

std::atomic<bool> detail_on{false};

} // namespace

void set_sink(Sink sink) noexcept { current_sink.store(sink != nullptr ? sink : &stderr_sink); }
void set_detail(bool enabled) noexcept { detail_on.store(enabled); }
bool detail_enabled() noexcept { return detail_on.load(); }

void write(Level level, std::string_view message) noexcept {
    if (level == Level::detail && !detail_enabled()) {
        return;
    }
    if (hold_depth > 0) {
        std::vector<HeldLine>& lines = held_lines();
        if (lines.size() < Hold::held_limit) {
            try {
                lines.push_back({level, std::string(message)});
                return;
            } catch (...) {
                // Out of memory: deliver now rather than lose the line.
            }
        }
    }
    deliver(level, message);
}

Hold::Hold() noexcept { ++hold_depth; }

Hold::~Hold() {
    if (--hold_depth > 0) {
        return;
    }
    std::vector<HeldLine>& lines = held_lines();
    for (const HeldLine& line : lines) {
        deliver(line.level, line.text);
    }
    lines.clear();
}

} // namespace vigil::log
