#pragma once
// keepalived's tokeniser of script lines (lib/parser.c alloc_strvec_quoted_escaped). Script
// values (`script`, `notify*`, fifo scripts, `startup_script`, `misc_path`...) are re-read
// from the whole logical line with it, and the command word is then split again with it
// into the arguments (so escapes are decoded twice: "a\\\\b" gives a, backspace).
//
// Rules: words are separated by blanks; '"' and '\'' quote (removed; quoted text keeps
// blanks and joins adjacent text: ab" c"d -> "ab cd"); a backslash escapes everywhere, also
// inside quotes: \a \b \E \f \n \r \t \v, \nnn (up to 3 octal digits), \xH... (hex digits, low
// byte kept; a bare \x is 'x'), \cC (C & 0x1f), and \C for any other C ("\ " joins words).
// An unterminated quote fails with "String '<text>': missing terminating <quote>" (a config
// error); a backslash at the very end fails silently; no word at all fails silently.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::parser {

struct QuotedWords {
    bool ok = false;                   // keepalived got a vector (not NULL)
    std::vector<std::string> words;
    std::optional<std::string> error;  // reported by keepalived when set
};

QuotedWords split_quoted_escaped(std::string_view text);

} // namespace vigil::parser
