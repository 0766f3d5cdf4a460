#include "parser/preprocessor.hpp"
#include "parser/preprocessor_work.hpp"

#include "parser/sequence_directive.hpp"
#include "parser/text_util.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <system_error>

#include <fmt/format.h>

namespace vigil::parser {
namespace {

using preprocess_limits::max_depth;
using text::is_blank;
using text::is_name_char;
using text::is_name_start;
using text::parse_integer;
using text::trim;

// Whether "\#" / "\!" still escape a comment character. keepalived unescapes them when it
// first removes comments; when parameter expansion then makes it remove comments again,
// they start a comment (2.2.7 binary: "w\!x ${_HASH}" reads as "w").
enum class CommentEscapes { literal, consumed };

// Length of the line without its comment: '#' or '!' outside double quotes.
std::size_t comment_start(std::string_view line, CommentEscapes escapes) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '#' || c == '!')) {
      if (i == 0 || line[i - 1] != '\\') return i;
      if (escapes == CommentEscapes::consumed) return i - 1;
    }
  }
  return line.size();
}






// The brace split: the first '{' or '}' outside double quotes ends the logical line.
std::size_t find_brace(std::string_view t) {
  bool quoted = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '{' || c == '}')) return i;
  }
  return std::string_view::npos;
}


// Lines without '$' that need more than comment removal and brace splitting.
bool needs_directives(std::string_view t) {
  if (t.empty()) return false;
  char c = t.front();
  if (c == '@' || c == '$' || c == '~') return true;
  return t.starts_with("include");
}

}  // namespace

std::string unescape_comment_chars(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '\\' && i + 1 < text.size() && (text[i + 1] == '#' || text[i + 1] == '!')) continue;
    out += c;
  }
  return out;
}

std::string default_config_id() {
  struct utsname u {};
  if (::uname(&u) != 0) return {};
  std::string node = u.nodename;
  return node.substr(0, node.find('.'));
}

// ---------------------------------------------------------------------------------------

Location PreprocessedText::locate(std::uint32_t offset, std::size_t& hint) const {
  if (lines.empty()) return end_of_input;
  if (hint >= lines.size()) hint = 0;
  if (lines[hint].begin > offset) hint = 0;
  while (hint + 1 < lines.size() && lines[hint + 1].begin <= offset) ++hint;
  const OutputLine& l = lines[hint];
  if (offset > l.end) return end_of_input;
  std::uint32_t column = 1;
  const OutputSegment* first = segments.data() + l.first_segment;
  for (std::uint32_t i = 0; i < l.segment_count && first[i].offset <= offset; ++i) {
    column = first[i].literal ? first[i].column + (offset - first[i].offset) : first[i].column;
  }
  return Location{l.file, l.line, column};
}

Preprocessor::Preprocessor(SyntaxTree& tree, const PreprocessOptions& options, Diagnostics& diagnostics)
    : tree_(tree), options_(options), diag_(diagnostics), include_check_(options.include_check) {
  config_id_ = options.config_id ? *options.config_id : default_config_id();
  if (options.random_seed) {
    rng_.seed(*options.random_seed);
  } else {
    rng_.seed(static_cast<std::uint32_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  }
}


void Preprocessor::read_buffer(std::string_view text, const SourceFile* file) {
  const SourceFile* saved_file = current_file_;
  IncludeCheck saved_check = include_check_;  // include_check is per file (restored on close)
  current_file_ = file;
  std::uint32_t number = 0;
  std::size_t pos = 0;
  while (pos < text.size() && !aborted_) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    ++number;
    physical_line(text.substr(pos, nl - pos), file, number);
    pos = nl + 1;
  }
  current_file_ = saved_file;
  include_check_ = saved_check;
}

void Preprocessor::physical_line(std::string_view raw, const SourceFile* file, std::uint32_t number) {
  // A raw line ending in '\\' (the multi-line definition marker) keeps that '\\' right after
  // its content once the comment and blanks are gone: "bar \\" reads "bar\\", "x !c \\"
  // reads "x\\" and "!c \\" reads "\\" (2.2.7 binary).
  std::string_view as_read = raw;  // for messages: CR/LF and leading blanks removed
  while (!as_read.empty() && (as_read.back() == '\r' || as_read.back() == '\n')) as_read.remove_suffix(1);
  while (!as_read.empty() && is_blank(as_read.front())) as_read.remove_prefix(1);
  while (!raw.empty() && is_blank(raw.back())) raw.remove_suffix(1);
  bool continued = !raw.empty() && raw.back() == '\\';
  if (continued && !as_read.empty() && as_read.back() == '\\') as_read.remove_suffix(1);
  auto backslash_column = static_cast<std::uint32_t>(raw.size());
  if (continued) raw.remove_suffix(1);

  // strip the comment, then surrounding blanks; blank lines are skipped but counted
  // keepalived 2.2.7 removes comments (decomment) when it first reads the file and writes
  // the result to its copy of the configuration, which the VRRP, checker and BFD readings
  // read and decomment again: an unquoted "\#" or "\!" is unescaped by the first pass and
  // starts a comment in the second. A backslash before any other character keeps both (a
  // quote after it does not quote).
  std::string_view line = raw;
  bool plain = true;  // no '$' (so no parameter to expand)
  bool quoted = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      if (!quoted && (raw[i + 1] == '#' || raw[i + 1] == '!')) {
        line = raw.substr(0, i);
        break;
      }
      if (raw[i + 1] == '$') plain = false;
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '$') {
      plain = false;
    } else if (!quoted && (c == '#' || c == '!')) {
      line = raw.substr(0, i);
      break;
    }
  }
  std::size_t lead = 0;
  while (lead < line.size() && is_blank(line[lead])) ++lead;
  line = trim(line);
  if (quoted) {  // the grammar adds "Unmatched quote: '...'" when it splits the words
    Location where{file, number, static_cast<std::uint32_t>(lead + 1)};
    diag_.error(where, fmt::format("Unterminated quote '{}'", unescape_comment_chars(as_read)));
  }
  std::string joined;
  if (continued) {
    joined.reserve(line.size() + 1);
    joined.append(line);
    joined.push_back('\\');
    line = joined;
  }
  if (line.empty()) {
    // a blank line ends a multi-line definition, a comment-only line does not (2.2.7 binary)
    if (!pending_.empty() && raw.empty()) {
      params_[pending_.back().name] = Parameter{std::move(pending_.back().lines), true};
      pending_.clear();
    }
    return;
  }

  if (!pending_.empty()) {  // inside a multi-line $NAME= definition
    auto& def = pending_.back();
    bool more = continued;
    if (more) line = trim(line.substr(0, line.size() - 1));
    if (!line.empty()) def.lines.emplace_back(line);
    if (!more) {
      params_[def.name] = Parameter{std::move(def.lines), true};
      pending_.clear();
    }
    return;
  }

  auto column = static_cast<std::uint32_t>(lead + 1);
  if (!count_line(Location{file, number, column})) return;
  if (continued) {  // the text is not a slice of the input: no fast path
    Work w;
    w.text.assign(line);
    w.file = file;
    w.line = number;
    w.segs.push_back({0, column, 1});
    if (line.size() > 1) w.segs.push_back({static_cast<std::uint32_t>(line.size() - 1), backslash_column, 1});
    else w.segs.front().column = backslash_column;
    w.continued = backslash_column;
    process(std::move(w), 0);
    return;
  }

  // Fast path for plain lines: split at braces and emit straight from the input.
  while (!line.empty() && !aborted_) {
    if (!plain || needs_directives(line)) {
      Work w;
      w.text.assign(line);
      w.file = file;
      w.line = number;
      w.segs.push_back({0, column, 1});
      process(std::move(w), 0);
      return;
    }
    std::size_t brace = find_brace(line);
    if (brace == std::string_view::npos) {
      emit_plain(line, file, number, column);
      return;
    }
    std::string_view before = trim(line.substr(0, brace));
    if (!before.empty()) emit_plain(before, file, number, column);
    emit_plain(line.substr(brace, 1), file, number, column + static_cast<std::uint32_t>(brace));
    std::size_t next = brace + 1;
    while (next < line.size() && is_blank(line[next])) ++next;
    column += static_cast<std::uint32_t>(next);
    line = line.substr(next);
  }
}

void Preprocessor::emit_plain(std::string_view text, const SourceFile* file, std::uint32_t number,
                              std::uint32_t column) {
  Work w;  // no allocation: only used for its position when a limit is hit
  w.file = file;
  w.line = number;
  if (!reserve_output(w, text.size())) return;
  auto base = static_cast<std::uint32_t>(out_.text.size());
  out_.lines.push_back(OutputLine{base, static_cast<std::uint32_t>(base + text.size()), file, number,
                                  static_cast<std::uint32_t>(out_.segments.size()), 1});
  out_.segments.push_back({base, column, 1});
  out_.text.append(text);
  out_.text.push_back('\n');
  after_emit(text, text, Location{file, number, column});
}

bool Preprocessor::count_line(const Location& where) {
  if (options_.max_lines == 0 || ++lines_ <= options_.max_lines) return true;
  if (!output_limit_reported_) {
    diag_.error(where, "Configuration too large after expansion");
    output_limit_reported_ = true;
  }
  aborted_ = true;
  return false;
}

void Preprocessor::process(Work&& w, int depth) {
  if (aborted_ || !count_line(w.location_at(0))) return;
  if (depth > max_depth) {
    diag_.error(w.location_at(0), "Configuration nesting too deep (recursive parameter or sequence?)");
    return;
  }
  while (!w.text.empty() && !aborted_) {
    handle_conditional(w);  // once: "@^x @y z" keeps "@y z" (2.2.7 binary)
    if (w.text.empty()) return;
    if (handle_definition(w)) return;
    if (handle_sequence(w, depth)) return;  // before expansion: its REST is expanded per value
    if (handle_multi_line_use(w, depth)) return;
    if (expand_parameters(w)) {
      // expanded text can hold a comment ("${_HASH}" is a plain '#')
      std::size_t cut = comment_start(w.text, CommentEscapes::consumed);
      if (cut < w.text.size()) {
        w.keep(0, cut);
        // the '\\' of a continued line is not part of the text comments are removed from
        if (w.continued != 0) {
          while (!w.text.empty() && is_blank(w.text.back())) w.keep(0, w.text.size() - 1);
          std::size_t at = w.text.size();
          w.text.push_back('\\');
          w.segs.push_back({static_cast<std::uint32_t>(at), w.continued, 1});
          if (w.segs.front().offset != 0) w.segs.front().offset = 0;
        }
      }
      w.trim_blanks();
      handle_conditional(w);  // "$IF_MAIN priority 240" with $IF_MAIN=@main
      if (w.text.empty()) return;
      if (handle_definition(w)) return;  // "$D=$X=1" + "$D" defines X (2.2.7 binary)
    }
    // include lines are recognised after conditionals and parameters, unlike what the man
    // page says ("@id include f", "$I=include" + "$I f" work in the 2.2.7 binary)
    if (handle_include(w)) return;

    std::size_t brace = find_brace(w.text);
    if (brace == std::string::npos) {
      emit(w, 0, w.text.size());
      return;
    }
    std::size_t end = brace;
    while (end > 0 && is_blank(w.text[end - 1])) --end;
    if (end > 0) emit(w, 0, end);
    emit(w, brace, brace + 1);
    w.keep(brace + 1, w.text.size());
    w.trim_blanks();
  }
}



bool Preprocessor::reserve_output(const Work& w, std::size_t size) {
  if (options_.max_output_bytes == 0 || out_.text.size() + size <= options_.max_output_bytes) return true;
  if (!output_limit_reported_) {
    diag_.error(w.location_at(0), "Configuration too large after expansion");
    output_limit_reported_ = true;
  }
  aborted_ = true;
  return false;
}

void Preprocessor::emit(const Work& w, std::size_t begin, std::size_t end) {
  if (!reserve_output(w, end - begin)) return;
  std::string_view text = std::string_view(w.text).substr(begin, end - begin);
  auto base = static_cast<std::uint32_t>(out_.text.size());
  OutputLine line{base, static_cast<std::uint32_t>(base + text.size()), w.file, w.line,
                  static_cast<std::uint32_t>(out_.segments.size()), 0};
  if (w.segs.empty()) {
    out_.segments.push_back({base, 1, 1});
  } else {
    std::size_t k = w.segment_at(begin);
    out_.segments.push_back({base, w.column_at(begin), w.segs[k].literal});
    for (std::size_t i = k + 1; i < w.segs.size() && w.segs[i].offset < end; ++i) {
      out_.segments.push_back(
          {static_cast<std::uint32_t>(base + w.segs[i].offset - begin), w.segs[i].column, w.segs[i].literal});
    }
  }
  line.segment_count = static_cast<std::uint32_t>(out_.segments.size() - line.first_segment);
  out_.lines.push_back(line);
  out_.text.append(text);
  out_.text.push_back('\n');
  after_emit(text, w.text, w.location_at(begin));
}

// include_check and random_seed (global_defs keywords) change how the rest of the input is
// read; elsewhere they are unknown keywords and do nothing (2.2.7 binary).
void Preprocessor::after_emit(std::string_view text, std::string_view line, const Location& where) {
  if (text.size() == 1 && (text[0] == '{' || text[0] == '}')) {
    if (text[0] == '{') {
      blocks_.push_back(last_was_global_defs_ ? BlockKind::global_defs : BlockKind::other);
    } else if (!blocks_.empty()) {
      blocks_.pop_back();
    }
    last_was_global_defs_ = false;
    return;
  }
  if (blocks_.empty()) {
    last_was_global_defs_ = text.starts_with("global_defs") && (text.size() == 11 || is_blank(text[11]));
    return;
  }
  last_was_global_defs_ = false;
  if (blocks_.size() != 1 || blocks_.back() != BlockKind::global_defs) return;
  std::size_t e = 0;
  while (e < text.size() && !is_blank(text[e])) ++e;
  std::string_view kw = text.substr(0, e);
  if (kw == "include_check") apply_include_check_keyword(line.substr(13), where);
  else if (kw == "random_seed") apply_random_seed_keyword(line.substr(11));
}

void Preprocessor::apply_include_check_keyword(std::string_view args, const Location& where) {
  std::string_view rest = trim(args);
  if (rest.empty()) {
    include_check_ = IncludeCheck::all;
    return;
  }
  IncludeCheck value = (rest.front() == '+' || rest.front() == '-') ? include_check_ : IncludeCheck::none;
  while (!rest.empty()) {
    std::size_t sp = rest.find_first_of(" \t");
    std::string_view word = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view{} : trim(rest.substr(sp));
    char sign = '+';
    if (!word.empty() && (word.front() == '+' || word.front() == '-')) {
      sign = word.front();
      word.remove_prefix(1);
    }
    IncludeCheck bit = IncludeCheck::none;
    if (word == "readable") bit = IncludeCheck::readable;
    else if (word == "match") bit = IncludeCheck::match;
    else if (word == "wildcard_match") bit = IncludeCheck::wildcard_match;
    else if (word == "brace_match") bit = IncludeCheck::brace_match;
    else {
      diag_.error(where, fmt::format("Unknown include_check type '{}' - ignoring", word));
      continue;
    }
    value = sign == '+' ? (value | bit) : (value & ~bit);
  }
  include_check_ = value;
}

void Preprocessor::apply_random_seed_keyword(std::string_view args) {
  long long seed = 0;
  if (parse_integer(args, seed)) rng_.seed(static_cast<std::uint32_t>(seed));
}

}  // namespace vigil::parser
