#pragma once
// Script values (reference §3 "Script-like values"): the raw text after the keyword is
// split with shell-like rules (" and ' quote and join, backslash escapes), then the first
// word (the command line) is split again on whitespace, single quotes keeping spaces.

#include <string>
#include <string_view>
#include <vector>

namespace vigil::parser {

// `notify "/bin/echo a#b 'c d'" root` -> {"/bin/echo a#b 'c d'", "root"}.
std::vector<std::string> split_script_words(std::string_view text);
// "/bin/echo a#b 'c d'" -> {"/bin/echo", "a#b", "c d"}.
std::vector<std::string> split_command_line(std::string_view command);
// Quotes a word for dumping so that split_script_words gives it back.
std::string quote_script_word(std::string_view word);

} // namespace vigil::parser
