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

// Held lines: their texts back to back in one buffer, so that a burst (start-up, a mass
// takeover: thousands of lines) costs two allocations instead of one per line, and its
// memory goes back to the system when the burst has been delivered.
struct HeldLine {
    Level level;
    std::size_t offset;
    std::size_t size;
};
struct Held {
    std::vector<HeldLine> lines;
    std::string text;
};
int hold_depth = 0;
int mute_depth = 0;
Held& held() {
    static Held h;
    return h;
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
    if (mute_depth > 0 || (level == Level::detail && !detail_enabled())) {
        return;
    }
    if (hold_depth > 0) {
        Held& h = held();
        if (h.lines.size() < Hold::held_limit) {
            const std::size_t offset = h.text.size();
            try {
                h.text.append(message);
                h.lines.push_back({level, offset, message.size()});
                return;
            } catch (...) {
                // Out of memory: deliver now rather than lose the line.
                h.text.resize(offset);
            }
        }
    }
    deliver(level, message);
}

Mute::Mute() noexcept { ++mute_depth; }
Mute::~Mute() { --mute_depth; }

Hold::Hold() noexcept { ++hold_depth; }

Hold::~Hold() {
    if (--hold_depth > 0) {
        return;
    }
    Held& h = held();
    for (const HeldLine& line : h.lines) {
        deliver(line.level, std::string_view(h.text).substr(line.offset, line.size));
    }
    h.lines.clear();
    h.text.clear();
    if (h.lines.capacity() > 256) {
        // After a burst: not kept as resident memory.
        std::vector<HeldLine>().swap(h.lines);
        std::string().swap(h.text);
    }
}

} // namespace vigil::log
