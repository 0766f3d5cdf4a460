#include "script/exec_baseline.hpp"

#include <sys/resource.h>

#include <cerrno>

namespace vigil::script {

namespace {

struct Baseline {
    rlimit nofile{};
    rlimit rttime{};
    int nice = 0;
    bool nofile_known = false;
    bool rttime_known = false;
    bool nice_known = false;
    bool recorded = false;
};

Baseline& baseline() noexcept {
    static Baseline b;
    return b;
}

} // namespace

void record_exec_baseline() noexcept {
    Baseline& b = baseline();
    if (b.recorded) {
        return;
    }
    b.recorded = true;
    b.nofile_known = ::getrlimit(RLIMIT_NOFILE, &b.nofile) == 0;
    b.rttime_known = ::getrlimit(RLIMIT_RTTIME, &b.rttime) == 0;
    errno = 0;
    b.nice = ::getpriority(PRIO_PROCESS, 0);
    b.nice_known = errno == 0;
}

void restore_exec_baseline() noexcept {
    const Baseline& b = baseline();
    if (b.nofile_known) {
        ::setrlimit(RLIMIT_NOFILE, &b.nofile);
    }
    if (b.rttime_known) {
        ::setrlimit(RLIMIT_RTTIME, &b.rttime);
    }
    if (b.nice_known) {
        ::setpriority(PRIO_PROCESS, 0, b.nice);
    }
}

} // namespace vigil::script
