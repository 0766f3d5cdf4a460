// The preprocessor's file side: the main file (a glob pattern too), include directives with
// their glob and brace patterns, and reading a file whole.
#include "parser/preprocessor.hpp"
#include "parser/preprocessor_work.hpp"
#include "parser/text_util.hpp"

#include <glob.h>

#include <cstdio>
#include <system_error>

#include <fmt/format.h>

namespace vigil::parser {
namespace {

using preprocess_limits::max_depth;
using text::is_blank;
using text::trim;

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

}  // namespace

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
  if (options_.log_opened_files) diag_.journal(fmt::format("Opening file '{}'.", display));
  std::error_code ec;
  auto abs = std::filesystem::absolute(open_path, ec);
  const SourceFile* f = tree_.add_file(display, abs.parent_path().string());
  read_buffer(content, f);
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

}  // namespace vigil::parser
