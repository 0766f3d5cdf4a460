#pragma once
// What happens to the simulated cluster, and when: `vigil simulate --event TIME:KIND:NODE[:ARG]`
// and the lines of a `--scenario FILE` (the same form, or the fields separated by blanks;
// `#` starts a comment). TIME is `10s`, `2500ms`, `1.5s` or `750us` after the start of all
// nodes. Pure: parsing only.
//
// KIND and ARG:
//   start, crash, stop           the node's daemon starts / is killed (silent) / gets SIGTERM
//   link-down, link-up [IFACE]   the node's interface (default: every interface it uses)
//   script-fail, script-ok NAME  a vrrp_script (or track_process) result, after rise/fall
//   file NAME=VALUE              a track_file value
//   reload FILE                  SIGHUP with FILE as the new configuration
//   partition, heal [NODES]      cut NODE off from NODES (comma list; default all others) / mend it
//   loss PERCENT                 adverts the node sends are lost with this probability
// A node with a `start` event is down until then; every other node starts at 0.

#include "vrrp/timers.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::simulate {

enum class EventKind : std::uint8_t {
    start,
    crash,
    stop,
    link_down,
    link_up,
    script_fail,
    script_ok,
    file,
    reload,
    partition,
    heal,
    loss,
};

std::string_view to_string(EventKind kind) noexcept;

struct Event {
    vrrp::Duration at{};
    EventKind kind = EventKind::start;
    std::string node;
    std::string arg;
    std::size_t order = 0; // position in the scenario: ties keep their written order
};

// "10s", "2500ms", "1.5s", "750us", "0": nullopt when malformed or negative.
std::optional<vrrp::Duration> parse_time(std::string_view text) noexcept;

// The time as written by the timeline: milliseconds with up to three decimals.
std::string format_ms(vrrp::Duration d);

struct ParseError {
    std::string message; // "FILE:LINE:COL: error: ..." or "--event: ..."
};

// One `TIME:KIND:NODE[:ARG]` (or blank-separated) event; `where` prefixes the error.
std::optional<Event> parse_event(std::string_view text, std::string_view where,
                                 std::vector<ParseError>& errors);

// A scenario file's text: events in order; errors name `name:line:col`.
std::vector<Event> parse_scenario(std::string_view text, std::string_view name,
                                  std::vector<ParseError>& errors);

} // namespace vigil::simulate
