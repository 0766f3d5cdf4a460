#pragma once
// Script-like values (`script`, `notify*`, fifo scripts, `startup_script`, ...): keepalived
// re-tokenises the raw line with shell-like rules instead of using the plain words.
//
//  1. After the keyword, words are split on blanks; '"' and '\'' both quote (quotes are
//     removed, quoted text keeps blanks and joins with adjacent text: ab" c"d -> "ab cd").
//     Backslash escapes apply everywhere: \a \b \E \f \n \r \t \v, \nnn (up to 3 octal
//     digits), \xH... (all hex digits, low byte kept), \cC (C & 0x1f), and \C for any other
//     character C ("\ " joins words).
//  2. The first word is the command line; it is split again by the same rules into argv
//     (so escapes are decoded twice: "a\\\\b" gives a, backspace). An unmatched quote there
//     makes the script unusable: keepalived logs "Unable to parse script '<command line>'
//     - ignoring". The optional 2nd and 3rd words are user and group.
// (All observed with the keepalived 2.2.7 binary running notify_stop scripts.)

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/syntax_tree.hpp"

namespace vigil::parser {

enum class ScriptStatus {
  ok,
  empty,       // no value after the keyword
  unparsable,  // unmatched quote in the command line
};

struct ScriptCommand {
  ScriptStatus status = ScriptStatus::empty;
  std::string command_line;        // the first word, as keepalived logs it
  std::vector<std::string> argv;   // command_line split into arguments
  std::optional<std::string> user;
  std::optional<std::string> group;
  std::size_t extra_words = 0;     // words after the group (keepalived ignores them)
  Location where;                  // of the first word after the keyword
};

enum class QuoteBalance { balanced, unmatched };

// Step 1 on any text (no keyword is skipped). `balance` tells whether a quote was left open
// (the open quote then runs to the end).
std::vector<std::string> split_script_words(std::string_view text, QuoteBalance* balance = nullptr);
// Step 2: the command line into argv; nullopt on an unmatched quote.
std::optional<std::vector<std::string>> split_command_line(std::string_view command_line);
// Both steps on a statement's raw text after its keyword.
ScriptCommand parse_script_value(const Statement& statement);

}  // namespace vigil::parser
