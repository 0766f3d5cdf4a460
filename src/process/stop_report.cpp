#include "process/stop_report.hpp"

#include "util/log.hpp"

#include <sys/resource.h>

namespace vigil::process {
namespace {

double seconds_of(const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

} // namespace

void log_child_stopped(int log_detail) noexcept {
    if (log_detail <= 0) {
        log::info("Stopped");
        return;
    }
    rusage self{};
    ::getrusage(RUSAGE_SELF, &self);
    log::info("Stopped - used {:.6f} user time, {:.6f} system time", seconds_of(self.ru_utime),
              seconds_of(self.ru_stime));
}

} // namespace vigil::process
