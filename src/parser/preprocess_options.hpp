#pragma once
// Options of the configuration reader that come from the command line.

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::parser {

// include_check bits (keepalived's include_check keyword, the include* variants and -e).
// match, wildcard_match and brace_match imply readable.
enum class IncludeCheck : std::uint8_t {
  none = 0,
  readable = 1,
  match = 2,
  wildcard_match = 4,
  brace_match = 8,
  all = 15,
};
constexpr IncludeCheck operator|(IncludeCheck a, IncludeCheck b) {
  return static_cast<IncludeCheck>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}
constexpr IncludeCheck operator&(IncludeCheck a, IncludeCheck b) {
  return static_cast<IncludeCheck>(static_cast<std::uint8_t>(a) & static_cast<std::uint8_t>(b));
}
constexpr IncludeCheck operator~(IncludeCheck a) {
  return static_cast<IncludeCheck>(~static_cast<std::uint8_t>(a) & 15u);
}
constexpr bool any(IncludeCheck a) { return a != IncludeCheck::none; }

// `follow` reads included files; `disabled` treats every include as matching nothing
// without touching the file system (fuzzing, in-memory tests).
enum class IncludeMode { follow, disabled };

struct PreprocessOptions {
  // -i/--config-id. When unset: the node name up to the first dot (uname).
  std::optional<std::string> config_id;
  // Initial include_check setting (-e/--config-fail-on-missing-include sets all).
  IncludeCheck include_check = IncludeCheck::none;
  IncludeMode include_mode = IncludeMode::follow;
  // Seed of ${_RANDOM}; the random_seed global_defs keyword overrides it when read.
  // When unset, seeded from the time like keepalived.
  std::optional<std::uint32_t> random_seed;
  // Safety limits (fuzzing, runaway ~SEQ or recursive parameters). 0 = unlimited.
  std::size_t max_output_bytes = 0;
  // Lines processed, replays of ~SEQ/~LST and multi-line parameters included.
  std::size_t max_lines = 50'000'000;
  // -D: "Opening file 'NAME'." for every file read, as a journal-only line (keepalived's
  // read_conf_file logs it with LOG_DETAIL; `-t` never prints it).
  bool log_opened_files = false;
};

// The config id keepalived uses when -i is not given: the node name up to the first dot.
std::string default_config_id();

}  // namespace vigil::parser
