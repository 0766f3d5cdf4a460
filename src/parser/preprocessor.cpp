#include "parser/preprocessor.hpp"

#include "parser/sequence_directive.hpp"
#include "parser/text_util.hpp"

#include <glob.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <system_error>

#include <fmt/format.h>

namespace vigil::parser {
namespace {

constexpr int max_depth = 64;                   // nested ~SEQ, multi-line replays, includes
constexpr std::size_t max_expansions = 256;     // parameter substitutions per line (bounds a
                                                 // self-referencing $NAME inside ~SEQ: fuzz)
constexpr std::size_t max_line_length = 1 << 16;

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

bool has_wildcard(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

// csh-style brace expansion, alternatives in order ("{a,b}c" -> "ac", "bc"); nested braces
// are expanded recursively. An unbalanced brace leaves the pattern as it is.
void expand_braces(const std::string& pattern, std::vector<std::string>& out, int depth = 0) {
  std::size_t open = pattern.find('{');
  if (open == std::string::npos || depth > 16) {
    out.push_back(pattern);
    return;
  }
  int level = 0;
  std::vector<std::size_t> commas;
  std::size_t close = std::string::npos;
  for (std::size_t i = open; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      ++level;
    } else if (pattern[i] == '}') {
      if (--level == 0) {
        close = i;
        break;
      }
    } else if (pattern[i] == ',' && level == 1) {
      commas.push_back(i);
    }
  }
  if (close == std::string::npos) {
    out.push_back(pattern);
    return;
  }
  std::string head = pattern.substr(0, open);
  std::string tail = pattern.substr(close + 1);
  std::size_t from = open + 1;
  commas.push_back(close);
  for (std::size_t comma : commas) {
    expand_braces(head + pattern.substr(from, comma - from) + tail, out, depth + 1);
    from = comma + 1;
  }
}

std::vector<std::string> glob_sorted(const std::string& pattern) {
  std::vector<std::string> out;
  glob_t g{};
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  ::globfree(&g);
  return out;
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

bool read_whole_file(const std::filesystem::path& path, std::string& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char buffer[65536];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
  bool ok = std::ferror(f) == 0;
  std::fclose(f);
  return ok;
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
// Work: one line being processed, with the map from its characters to source columns.

struct Preprocessor::Work {
  std::string text;
  std::vector<OutputSegment> segs;  // offsets relative to `text`, sorted, first at 0
  const SourceFile* file = nullptr;
  std::uint32_t line = 0;
  std::uint32_t continued = 0;  // column of the line's final '\\' (0: none)

  std::size_t segment_at(std::size_t off) const {
    std::size_t k = 0;
    while (k + 1 < segs.size() && segs[k + 1].offset <= off) ++k;
    return k;
  }
  std::uint32_t column_at(std::size_t off) const {
    if (segs.empty()) return 1;
    const auto& s = segs[segment_at(off)];
    return s.literal ? s.column + static_cast<std::uint32_t>(off - s.offset) : s.column;
  }
  Location location_at(std::size_t off) const { return Location{file, line, column_at(off)}; }

  // Keeps text[from, to).
  void keep(std::size_t from, std::size_t to) {
    if (from == 0 && to == text.size()) return;
    std::vector<OutputSegment> n;
    if (to > from) {
      std::size_t k = segment_at(from);
      n.push_back({0, column_at(from), segs.empty() ? 1u : segs[k].literal});
      for (std::size_t i = k + 1; i < segs.size() && segs[i].offset < to; ++i) {
        n.push_back({static_cast<std::uint32_t>(segs[i].offset - from), segs[i].column, segs[i].literal});
      }
    }
    text = text.substr(from, to - from);
    segs = std::move(n);
  }
  void trim_blanks() {
    std::size_t b = 0, e = text.size();
    while (b < e && is_blank(text[b])) ++b;
    while (e > b && is_blank(text[e - 1])) --e;
    keep(b, e);
  }
  // Replaces text[from, to) by `with`; the new text maps to the column of `from`.
  void replace(std::size_t from, std::size_t to, std::string_view with) {
    std::uint32_t col = column_at(from);
    std::size_t kt = segs.empty() ? 0 : segment_at(to);
    OutputSegment after{0, column_at(to), segs.empty() ? 1u : segs[kt].literal};
    std::vector<OutputSegment> n;
    for (const auto& s : segs) {
      if (s.offset < from) n.push_back(s);
    }
    auto delta = static_cast<std::int64_t>(with.size()) - static_cast<std::int64_t>(to - from);
    if (!with.empty()) n.push_back({static_cast<std::uint32_t>(from), col, 0});
    if (to < text.size()) {
      after.offset = static_cast<std::uint32_t>(from + with.size());
      n.push_back(after);
      for (std::size_t i = kt + 1; i < segs.size(); ++i) {
        n.push_back({static_cast<std::uint32_t>(segs[i].offset + delta), segs[i].column, segs[i].literal});
      }
    }
    // drop segments made empty by the replacement (same offset: keep the last)
    std::vector<OutputSegment> c;
    for (const auto& s : n) {
      if (!c.empty() && c.back().offset == s.offset) c.back() = s;
      else c.push_back(s);
    }
    text.replace(from, to - from, with);
    segs = std::move(c);
  }
  // A copy that maps all of `text` to one position (replayed text: parameters, ~SEQ).
  static Work at(std::string_view text, const Location& where) {
    Work w;
    w.text.assign(text);
    w.file = where.file;
    w.line = where.line;
    if (!w.text.empty()) w.segs.push_back({0, where.column, 0});
    return w;
  }
};

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

void Preprocessor::read_main_file(const std::filesystem::path& name) {
  // -f takes a pattern too: every match is read, in glob order (2.2.7 binary)
  std::string pattern = name.string();
  std::vector<std::string> alternatives;
  expand_braces(pattern, alternatives);
  std::vector<std::string> matches;
  for (const auto& alt : alternatives) {
    for (auto& m : glob_sorted(alt)) matches.push_back(std::move(m));
  }
  if (matches.size() > 1) {
    diag_.report(Severity::warning, ExitClass::none, Location{},
                 fmt::format("WARNING, multiple configuration file matches of {}, starting with {}", pattern,
                             matches.front()),
                 LinePrefix::none);
  }
  if (matches.empty()) matches.push_back(pattern);  // read_file reports it missing
  for (const auto& m : matches) read_file(m, m, Location{});
  out_.end_of_input = Location{tree_.files().empty() ? nullptr : &tree_.files().front(), 0, 0};
  if (!pending_.empty()) {  // an unfinished multi-line definition at the end of input
    params_[pending_.back().name] = Parameter{std::move(pending_.back().lines), true};
    pending_.clear();
  }
}

void Preprocessor::read_main_text(std::string_view text, std::string name, const std::filesystem::path& directory) {
  std::error_code ec;
  auto dir = directory.empty() ? std::filesystem::current_path(ec) : std::filesystem::absolute(directory, ec);
  const SourceFile* f = tree_.add_file(std::move(name), dir.string());
  read_buffer(text, f);
  if (!pending_.empty()) {
    params_[pending_.back().name] = Parameter{std::move(pending_.back().lines), true};
    pending_.clear();
  }
}

void Preprocessor::read_file(const std::string& display, const std::filesystem::path& open_path, const Location& from) {
  std::string content;
  if (!read_whole_file(open_path, content)) {
    if (from.file == nullptr) {
      diag_.report(Severity::warning, ExitClass::none, from, fmt::format("Config files missing '{}'.", display),
                   LinePrefix::none);
    } else {
      diag_.report(any(include_check_ & IncludeCheck::readable) ? Severity::error : Severity::warning,
                   any(include_check_ & IncludeCheck::readable) ? ExitClass::security : ExitClass::none, from,
                   fmt::format("Unable to open config file '{}'", display));
    }
    return;
  }
  std::error_code ec;
  auto abs = std::filesystem::absolute(open_path, ec);
  const SourceFile* f = tree_.add_file(display, abs.parent_path().string());
  read_buffer(content, f);
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

bool Preprocessor::handle_include(Work& w) {
  std::string_view t = w.text;
  if (t.substr(0, 7) != "include") return false;
  IncludeCheck extra = IncludeCheck::none;
  std::size_t n = 7;
  if (t.size() > 7 && !is_blank(t[7])) {
    switch (t[7]) {
      case 'r': extra = IncludeCheck::readable; break;
      case 'm': extra = IncludeCheck::match; break;
      case 'w': extra = IncludeCheck::wildcard_match; break;
      case 'b': extra = IncludeCheck::brace_match; break;
      case 'a': extra = IncludeCheck::all; break;
      default: return false;
    }
    n = 8;
  }
  if (t.size() <= n || !is_blank(t[n])) return false;
  // The pattern is the rest of the line, as keepalived reads it ("a.conf }" included),
  // parameters already expanded (2.2.7 binary: "include ${P}.conf").
  Location where = w.location_at(0);
  std::string pattern = unescape_comment_chars(trim(t.substr(n)));
  // glob() fails on a trailing backslash with an error that keepalived does not report
  if (!pattern.empty() && pattern.back() == '\\') return true;
  IncludeCheck checks = include_check_ | extra;
  if (any(checks & (IncludeCheck::match | IncludeCheck::wildcard_match | IncludeCheck::brace_match))) {
    checks = checks | IncludeCheck::readable;
  }

  if (options_.include_mode == IncludeMode::disabled) {
    diag_.report(Severity::warning, ExitClass::none, where, fmt::format("Config files missing '{}'.", pattern));
    return true;
  }
  if (include_depth_ >= max_depth) {
    diag_.error(where, fmt::format("Include depth too deep including '{}'", pattern));
    return true;
  }

  // Relative patterns are relative to the including file's directory (keepalived chdir()s
  // there); the names keep the form of the pattern.
  std::string base = current_file_ != nullptr ? current_file_->directory : std::string{};
  bool relative = pattern.empty() || pattern.front() != '/';
  std::vector<std::string> alternatives;
  expand_braces(pattern, alternatives);
  std::vector<std::string> names;
  bool brace_miss = false;
  for (const auto& alt : alternatives) {
    std::string full = relative && !base.empty() ? base + "/" + alt : alt;
    auto found = glob_sorted(full);
    if (found.empty()) brace_miss = true;
    for (auto& f : found) {
      std::string display = relative && !base.empty() ? f.substr(base.size() + 1) : f;
      names.push_back(std::move(display));
    }
  }

  if (names.empty()) {
    if (!has_wildcard(pattern)) {
      bool fail = any(checks & IncludeCheck::match);
      diag_.report(fail ? Severity::error : Severity::warning, fail ? ExitClass::security : ExitClass::none, where,
                   fmt::format("Config files missing '{}'.", pattern));
    } else if (any(checks & IncludeCheck::wildcard_match)) {
      diag_.report(Severity::error, ExitClass::security, where,
                   fmt::format("No config files matched '{}'.", pattern));
    }
    return true;
  }
  if (brace_miss && alternatives.size() > 1 && any(checks & IncludeCheck::brace_match)) {
    diag_.report(Severity::error, ExitClass::security, where,
                 fmt::format("Not all brace alternatives matched '{}'.", pattern));
  }

  IncludeCheck saved = include_check_;
  include_check_ = checks;
  ++include_depth_;
  for (const auto& name : names) {
    std::string open = relative && !base.empty() ? base + "/" + name : name;
    read_file(name, open, where);
    if (aborted_) break;
  }
  --include_depth_;
  include_check_ = saved;
  return true;
}

bool Preprocessor::handle_conditional(Work& w) {
  if (w.text.empty() || w.text.front() != '@') return false;
  bool negate = w.text.size() > 1 && w.text[1] == '^';
  std::size_t b = negate ? 2 : 1;
  std::size_t e = b;
  while (e < w.text.size() && !is_blank(w.text[e])) ++e;
  bool match = std::string_view(w.text).substr(b, e - b) == config_id_;
  if (match == negate) {
    w.text.clear();
    w.segs.clear();
    return true;
  }
  w.keep(e, w.text.size());
  w.trim_blanks();
  return true;
}

bool Preprocessor::handle_definition(Work& w) {
  std::string_view t = w.text;
  if (t.size() < 3 || t[0] != '$' || !is_name_start(t[1])) return false;
  std::size_t e = 2;
  while (e < t.size() && is_name_char(t[e])) ++e;
  if (e >= t.size() || t[e] != '=') return false;
  std::string name(t.substr(1, e - 1));
  std::string_view value = trim(t.substr(e + 1));
  if (!value.empty() && value.back() == '\\') {
    PendingDefinition def;
    def.name = std::move(name);
    value = trim(value.substr(0, value.size() - 1));
    if (!value.empty()) def.lines.emplace_back(value);
    pending_.clear();
    pending_.push_back(std::move(def));
    return true;
  }
  params_[name] = Parameter{{std::string(value)}, false};
  return true;
}

bool Preprocessor::handle_multi_line_use(Work& w, int depth) {
  std::string_view t = w.text;
  if (t.size() < 2 || t[0] != '$') return false;
  std::string_view name = t.substr(1);
  if (name.size() >= 2 && name.front() == '{' && name.back() == '}') name = name.substr(1, name.size() - 2);
  auto it = params_.find(std::string(name));
  if (it == params_.end() || !it->second.multi_line) return false;
  Location where = w.location_at(0);
  auto lines = it->second.lines;  // copy: the replay may redefine the parameter
  for (const auto& l : lines) {
    process(Work::at(l, where), depth + 1);
    if (aborted_) break;
  }
  return true;
}

const std::string* Preprocessor::lookup(std::string_view name, std::string& scratch) {
  if (!name.empty() && name.front() == '_') {
    std::string_view base = name.substr(0, std::min(name.size(), name.find(' ')));
    if (base == "_PWD") {
      scratch = current_file_ != nullptr ? current_file_->directory : std::string{};
      return &scratch;
    }
    if (base == "_INSTANCE") {
      scratch = config_id_;
      return &scratch;
    }
    if (base == "_HASH" || base == "_BANG") {
      // a plain '#'/'!': outside quotes it starts a comment like in keepalived 2.2.7
      scratch = base == "_HASH" ? "#" : "!";
      return &scratch;
    }
    if (base == "_RANDOM") {
      scratch = random_value(name.substr(base.size()));
      return &scratch;
    }
  }
  auto it = params_.find(std::string(name));
  if (it == params_.end() || it->second.multi_line) return nullptr;
  return &it->second.lines.front();
}

std::string Preprocessor::random_value(std::string_view args) {
  long long lo = 0, hi = 32767;
  args = trim(args);
  std::size_t sp = args.find_first_of(" \t");
  std::string_view a = args.substr(0, sp);
  std::string_view b = sp == std::string_view::npos ? std::string_view{} : trim(args.substr(sp));
  if (!a.empty()) parse_integer(a, lo);
  if (!b.empty()) parse_integer(b, hi);
  if (hi < lo) std::swap(lo, hi);
  std::uniform_int_distribution<long long> dist(lo, hi);
  return std::to_string(dist(rng_));
}

bool Preprocessor::expand_parameters(Work& w) {
  if (w.text.find('$') == std::string::npos) return false;
  bool changed = false;
  std::size_t count = 0;
  std::string scratch;
  std::size_t i = 0;
  while ((i = w.text.find('$', i)) != std::string::npos) {
    std::size_t end;  // one past the reference
    std::string_view name;
    if (i + 1 < w.text.size() && w.text[i + 1] == '{') {
      std::size_t close = w.text.find('}', i + 2);
      if (close == std::string::npos) break;
      name = std::string_view(w.text).substr(i + 2, close - i - 2);
      end = close + 1;
      if (name.empty() || !is_name_start(name.front())) {
        ++i;
        continue;
      }
      // only the reserved names take arguments ("${_RANDOM 1 10}")
      std::size_t k = 1;
      while (k < name.size() && is_name_char(name[k])) ++k;
      if (k < name.size() && !(name.front() == '_' && is_blank(name[k]))) {
        ++i;
        continue;
      }
    } else {
      std::size_t k = i + 1;
      if (k >= w.text.size() || !is_name_start(w.text[k])) {
        ++i;
        continue;
      }
      while (k < w.text.size() && is_name_char(w.text[k])) ++k;
      // "$N/32" is not a reference; a blank, ',' or ')' ends one (find_definition)
      if (k < w.text.size() && !is_blank(w.text[k]) && w.text[k] != ',' && w.text[k] != ')') {
        i = k;
        continue;
      }
      name = std::string_view(w.text).substr(i + 1, k - i - 1);
      end = k;
    }
    const std::string* value = lookup(name, scratch);
    if (value == nullptr) {
      i = end;
      continue;
    }
    if (++count > max_expansions || w.text.size() + value->size() > max_line_length) {
      diag_.error(w.location_at(i), "Parameter expansion too deep (recursive definition?)");
      w.text.clear();
      w.segs.clear();
      return true;
    }
    std::string copy = *value;
    w.replace(i, end, copy);
    changed = true;
    // rescan the replacement: expansion is recursive
  }
  return changed;
}

// keepalived expands parameters in a ~SEQ's bounds (after the variable, up to the first ')')
// before it reads them: "~SEQ(i, $S, ${E})".
std::string Preprocessor::expand_sequence_bounds(const std::string& line) {
  const std::size_t open = line.find('(');
  const std::size_t comma = open == std::string::npos ? open : line.find_first_of(",)", open + 1);
  const std::size_t close = comma == std::string::npos ? comma : line.find(')', comma);
  if (close == std::string::npos || line[comma] != ',') return line;
  std::string bounds = line.substr(comma + 1, close - comma - 1);
  std::string scratch;
  for (std::size_t i = 0, rounds = 0; (i = bounds.find('$', i)) != std::string::npos && rounds < max_expansions;) {
    const bool braces = i + 1 < bounds.size() && bounds[i + 1] == '{';
    std::size_t k = i + (braces ? 2 : 1);
    const std::size_t name_at = k;
    if (k >= bounds.size() || !is_name_start(bounds[k])) {
      ++i;
      continue;
    }
    while (k < bounds.size() && is_name_char(bounds[k])) ++k;
    std::size_t end = k;
    if (braces) {
      if (k >= bounds.size() || bounds[k] != '}') {
        ++i;
        continue;
      }
      end = k + 1;
    } else if (k < bounds.size() && !is_blank(bounds[k]) && bounds[k] != ',') {
      ++i;
      continue;
    }
    const std::string* value = lookup(std::string_view(bounds).substr(name_at, k - name_at), scratch);
    if (value == nullptr) {
      i = end;
      continue;
    }
    const std::string copy = *value;
    bounds.replace(i, end - i, copy);
    ++rounds;
  }
  return line.substr(0, comma + 1) + bounds + line.substr(close);
}

bool Preprocessor::handle_sequence(Work& w, int depth) {
  if (!is_sequence_directive(w.text)) return false;
  SequenceDirective seq;
  std::vector<std::string> errors;
  const std::string expanded = expand_sequence_bounds(w.text);
  if (!parse_sequence_directive(expanded, seq, errors)) {
    for (auto& e : errors) {
      // keepalived quotes the line as written
      if (const auto at = e.find(expanded); at != std::string::npos) e.replace(at, expanded.size(), w.text);
      diag_.error(w.location_at(0), std::move(e));
    }
    return true;
  }
  Work rest = w;
  rest.keep(seq.rest_offset + w.text.size() - expanded.size(), rest.text.size());
  rest.trim_blanks();
  std::size_t n = seq.count();
  if (rest.text.empty()) {  // nothing to replay, but the variables keep their last value
    if (n > 0) {
      auto row = seq.row(n - 1);
      for (std::size_t k = 0; k < seq.names.size(); ++k) {
        params_[seq.names[k]] = Parameter{{k < row.size() ? row[k] : std::string{}}, false};
      }
    }
    return true;
  }
  for (std::size_t i = 0; i < n; ++i) {
    auto row = seq.row(i);
    for (std::size_t k = 0; k < seq.names.size(); ++k) {
      params_[seq.names[k]] = Parameter{{k < row.size() ? row[k] : std::string{}}, false};
    }
    Work copy = rest;
    process(std::move(copy), depth + 1);
    if (aborted_) break;
  }
  return true;
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
