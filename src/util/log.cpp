#include "util/log.hpp"

#include <unistd.h>

#include <atomic>
#include <string>

namespace vigil::log {
namespace {

void stderr_sink(Level /*level*/, std::string_view message) {
    std::string line(message);
    line.push_back('\n');
    // Best effort, unbuffered: a short or failed write loses (part of) the line.
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

std::atomic<Sink> current_sink{&stderr_sink};
std::atomic<bool> detail_on{false};

} // namespace

void set_sink(Sink sink) noexcept { current_sink.store(sink != nullptr ? sink : &stderr_sink); }
void set_detail(bool enabled) noexcept { detail_on.store(enabled); }
bool detail_enabled() noexcept { return detail_on.load(); }

void write(Level level, std::string_view message) noexcept {
    if (level == Level::detail && !detail_enabled()) {
        return;
    }
    try {
        current_sink.load()(level, message);
    } catch (...) {
    }
}

} // namespace vigil::log
