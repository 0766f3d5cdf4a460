#include "parser/script_value.hpp"

namespace vigil::parser {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the escape starting after a backslash at text[i]; returns the index after it.
std::size_t decode_escape(std::string_view text, std::size_t i, std::string& out) {
  char c = text[i];
  switch (c) {
    case 'a': out += '\a'; return i + 1;
    case 'b': out += '\b'; return i + 1;
    case 'E': out += '\x1b'; return i + 1;
    case 'f': out += '\f'; return i + 1;
    case 'n': out += '\n'; return i + 1;
    case 'r': out += '\r'; return i + 1;
    case 't': out += '\t'; return i + 1;
    case 'v': out += '\v'; return i + 1;
    case 'x': {
      int value = 0;
      std::size_t k = i + 1;
      while (k < text.size() && hex_value(text[k]) >= 0) value = (value * 16 + hex_value(text[k++])) & 0xff;
      if (k == i + 1) {  // "\x" without digits: the 'x' itself
        out += 'x';
        return k;
      }
      out += static_cast<char>(value);
      return k;
    }
    case 'c':
      if (i + 1 < text.size()) {
        out += static_cast<char>(text[i + 1] & 0x1f);
        return i + 2;
      }
      out += 'c';
      return i + 1;
    default:
      if (is_octal(c)) {
        int value = 0;
        std::size_t k = i;
        while (k < text.size() && k < i + 3 && is_octal(text[k])) value = value * 8 + (text[k++] - '0');
        out += static_cast<char>(value & 0xff);
        return k;
      }
      out += c;
      return i + 1;
  }
}

}  // namespace

std::vector<std::string> split_script_words(std::string_view text, QuoteBalance* balance) {
  if (balance != nullptr) *balance = QuoteBalance::balanced;
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_blank(text[i])) ++i;
    if (i >= text.size()) break;
    std::string word;
    char quote = 0;
    while (i < text.size() && (quote != 0 || !is_blank(text[i]))) {
      char c = text[i];
      if (quote == 0 && (c == '"' || c == '\'')) {
        quote = c;
        ++i;
      } else if (quote != 0 && c == quote) {
        quote = 0;
        ++i;
      } else if (c == '\\' && i + 1 < text.size()) {
        i = decode_escape(text, i + 1, word);
      } else {
        word += c;
        ++i;
      }
    }
    if (quote != 0 && balance != nullptr) *balance = QuoteBalance::unmatched;
    words.push_back(std::move(word));
  }
  return words;
}

std::optional<std::vector<std::string>> split_command_line(std::string_view command_line) {
  QuoteBalance balance = QuoteBalance::balanced;
  auto argv = split_script_words(command_line, &balance);
  if (balance == QuoteBalance::unmatched) return std::nullopt;
  return argv;
}

ScriptCommand parse_script_value(const Statement& statement) {
  ScriptCommand result;
  if (statement.words.size() < 2) return result;
  result.where = statement.words[1].where;
  // the raw text after the keyword (the first word of raw)
  std::string_view raw = statement.raw;
  std::size_t k = 0;
  if (!raw.empty() && raw.front() == '"') {
    k = raw.find('"', 1);
    k = k == std::string_view::npos ? raw.size() : k + 1;
  } else {
    while (k < raw.size() && !is_blank(raw[k]) && raw[k] != '"') ++k;
  }
  auto words = split_script_words(raw.substr(k));
  if (words.empty()) return result;
  result.command_line = words[0];
  auto argv = split_command_line(words[0]);
  if (argv) {
    result.argv = std::move(*argv);
    result.status = result.argv.empty() ? ScriptStatus::empty : ScriptStatus::ok;
  } else {
    result.status = ScriptStatus::unparsable;
  }
  if (words.size() > 1) result.user = words[1];
  if (words.size() > 2) result.group = words[2];
  if (words.size() > 3) result.extra_words = words.size() - 3;
  return result;
}

}  // namespace vigil::parser
