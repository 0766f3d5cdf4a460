#pragma once
// `vigil explain INSTANCE`: why an instance is in its state, in plain words, from what the
// engine recorded (its last transition and reason, the master it last heard, each tracker's
// health and contribution). Pure: the lines depend only on the view.
//
// Example (a backup lowered by a failing script):
//   BACKUP: master 192.0.2.1 advertises priority 100 > our 80
//   track_script chk_nginx failing since 10:02:03 UTC lowers us by 20
//   priority: configured 100, effective 80
//   last transition: 10:02:04 UTC, a better master advertised

#include "control/views.hpp"

#include <string>
#include <vector>

namespace vigil::control {

std::vector<std::string> explain(const InstanceView& instance);

// "10:02:03 UTC" for epoch seconds.
std::string time_of_day(double epoch_seconds);

// The reason code in words: "a better master advertised", ...
std::string reason_words(const std::string& reason);

} // namespace vigil::control
