#pragma once
// Diagnostics of configuration loading. Loading never stops at the first problem: every
// phase reports into one Diagnostics collector and keeps going, like keepalived does.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "parser/location.hpp"

namespace vigil::parser {

enum class Severity { warning, error, fatal };

// The keepalived exit status class a diagnostic implies for `keepalived -t`
// (2.2.7 binary: 4 fatal, 5 config errors, 6 script security / failed include check).
enum class ExitClass : int {
  none = 0,          // informational: does not change the exit status
  aborted = 2,       // keepalived exits at once (KEEPALIVED_EXIT_CONFIG): a missing parameter
  fatal = 4,         // e.g. unreadable configuration, out of memory
  config_error = 5,  // "errors but would run"
  security = 6,      // script security, failed include_check
};

// keepalived 2.2.7 reads the configuration once per process, in this order: the parent
// (global_defs and the root settings active), then for `-t` the checker, VRRP and BFD
// readings, each followed by that process's checks. A diagnostic's phase is the reading that
// reports it; `stream` is the text itself (braces, quotes, includes, unknown top-level
// keywords), reported from the parent's reading on. An aborting diagnostic ends keepalived
// at once: nothing reported after it in the same or a later phase is printed.
enum class Phase : std::uint8_t { stream, parent, checker, vrrp, bfd };

// Whether keepalived prints "(file: Line N) " before the message, or the bare message
// (e.g. "There are 1 missing '}'s or extra '{'s", "Config files missing 'x'.").
enum class LinePrefix { line, none };

// Who sees a diagnostic. keepalived's processes log some lines only when they run (its
// log_message, not report_config_error, or checks made after `-t` has returned): "Script user
// 'keepalived_script' does not exist", "Script X cannot be accessed - ...", "Warning - script X
// is not used". `journal` lines go to the daemon's log only: `-t` (and --strict) ignores them.
enum class Audience { all, journal };

struct Diagnostic {
  Severity severity = Severity::error;
  ExitClass exit_class = ExitClass::config_error;
  LinePrefix prefix = LinePrefix::line;
  Phase phase = Phase::stream;
  std::string file;  // empty when there is no position
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;  // keepalived's wording, without any prefix
  Audience audience = Audience::all;
};

// "file:line:col: error: message" (or "warning"/"fatal"); without position: "error: message".
std::string format_gnu(const Diagnostic& d);
// keepalived 2.2.7 style: "(file: Line N) message", or the bare message for
// LinePrefix::none or when there is no position.
std::string format_keepalived(const Diagnostic& d);

class Diagnostics {
 public:
  void report(Severity severity, ExitClass exit_class, const Location& where, std::string message,
              LinePrefix prefix = LinePrefix::line);
  // Shorthands: warning -> ExitClass::none, error -> config_error, fatal -> fatal.
  void warning(const Location& where, std::string message);
  void error(const Location& where, std::string message);
  void fatal(const Location& where, std::string message);
  // A line only the running daemon logs (Audience::journal): no position, no exit effect.
  void journal(std::string message);
  // Adds `d` unless the same message was reported at the same place (keepalived's readings
  // report the same problem once each).
  void add(Diagnostic d);

  // The phase given to diagnostics reported from now on.
  void set_phase(Phase phase) { phase_ = phase; }
  Phase phase() const { return phase_; }
  // Drops what keepalived would not print because it stopped first: after an aborting
  // diagnostic (a missing parameter), everything of a later phase and of the same phase
  // after it; after a failed include check in the parent's reading (main.c: the parent
  // exits KEEPALIVED_EXIT_NO_CONFIG before any child reads), everything of a later phase.
  void apply_abort();

  const std::vector<Diagnostic>& all() const { return items_; }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  std::size_t count(Severity severity) const;
  bool has_errors() const;  // any error or fatal
  // What `keepalived -t` would return: 2 after an aborting diagnostic, the status keepalived
  // stopped with (stop_with_status), else the highest exit class reported (0 when none).
  int exit_status() const {
    if (aborted_) return static_cast<int>(ExitClass::aborted);
    if (stopped_) return *stopped_;
    return static_cast<int>(worst_);
  }
  // keepalived stops with `status` whatever was reported (e.g. its net_namespace does not exist).
  void stop_with_status(int status) { stopped_ = status; }
  bool stopped() const { return stopped_.has_value(); }
  bool aborted() const { return aborted_; }
  // All diagnostics, one per line, in format_gnu style.
  std::string to_string() const;

 private:
  std::vector<Diagnostic> items_;
  ExitClass worst_ = ExitClass::none;
  Phase phase_ = Phase::stream;
  bool aborted_ = false;
  std::optional<int> stopped_;
  std::unordered_set<std::string> seen_;
};

}  // namespace vigil::parser
