#pragma once
// How a probe's dialogue ended: still running, passed, failed (with a reason), or not run
// at all (the socket could not be set up: keepalived reschedules after delay_loop without
// counting an attempt).

#include <cstdint>

namespace vigil::probe {

enum class DialogueEnd : std::uint8_t { running, success, failed, not_run };

} // namespace vigil::probe
