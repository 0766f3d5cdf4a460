#pragma once
// Printing a timeline: the text for people (transitions, VIP moves, optionally every advert,
// then flags and configuration diagnostics) and JSON for scripts. `--json` prints the
// transitions as one array of objects with time_ms, node, instance, from, to, reason and
// priority (the interface of issue 16); `--json=flags|vips|adverts` prints that list instead.

#include "simulate/timeline.hpp"

#include <string>

namespace vigil::simulate {

enum class AdvertLines : std::uint8_t { hide, show };
std::string text_report(const Timeline& timeline, AdvertLines adverts);

enum class JsonView : std::uint8_t { transitions, flags, vips, adverts };
std::string json_report(const Timeline& timeline, JsonView view);

} // namespace vigil::simulate
