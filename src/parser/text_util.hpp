#pragma once
// Character classes and small string helpers shared by the configuration reader.

#include <charconv>
#include <string_view>
#include <system_error>

namespace vigil::parser::text {

// Whitespace between words of a logical line (keepalived's isspace() minus '\n').
constexpr bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Parameter (and ~SEQ variable) names: [A-Za-z_][A-Za-z0-9_]*
constexpr bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
constexpr bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
constexpr bool is_name(std::string_view s) {
  if (s.empty() || !is_name_start(s.front())) return false;
  for (char c : s) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

// strtol(base 0)-like without octal: optional sign, decimal or 0x hex, surrounding blanks.
inline bool parse_integer(std::string_view s, long long& v) {
  s = trim(s);
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc{} || p != s.data() + s.size()) return false;
  if (negative) v = -v;
  return true;
}

}  // namespace vigil::parser::text
