#pragma once
// A child's last log line, as keepalived 2.2.7 writes it when a child stops
// (stop_vrrp / checker_terminate_phase2 -> "Stopped"; with -D, its CPU time).

namespace vigil::process {

// "Stopped - used U user time, S system time" (getrusage(RUSAGE_SELF), six decimals) when
// `log_detail` (the -D count) is above 0, else "Stopped".
void log_child_stopped(int log_detail) noexcept;

} // namespace vigil::process
