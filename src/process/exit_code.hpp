#pragma once
// Process exit codes of a normal run (keepalived lib/scheduler.h, section 1 "Exit codes").

namespace vigil::process {

enum class ExitCode : int {
    ok = 0,
    fatal = 1,
    config = 2,
    missing_permission = 4,
    no_config = 6,
    program_error = 70,
    no_memory = 204,
};

constexpr int to_int(ExitCode code) noexcept { return static_cast<int>(code); }

} // namespace vigil::process
