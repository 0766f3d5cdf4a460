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
    rusage children{};
    ::getrusage(RUSAGE_CHILDREN, &children);
    // keepalived (lib/utils.c log_stopping) adds its reaped children's times when they used
    // any user time: a checker child that ran MISC_CHECK scripts, a VRRP child's track scripts.
    if (children.ru_utime.tv_sec != 0 || children.ru_utime.tv_usec != 0) {
        log::info("Stopped - used (self/children) {:.6f}/{:.6f} user time, {:.6f}/{:.6f} system time",
                  seconds_of(self.ru_utime), seconds_of(children.ru_utime), seconds_of(self.ru_stime),
                  seconds_of(children.ru_stime));
        return;
    }
    log::info("Stopped - used {:.6f} user time, {:.6f} system time", seconds_of(self.ru_utime),
              seconds_of(self.ru_stime));
}

} // namespace vigil::process
