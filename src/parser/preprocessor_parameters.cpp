// The preprocessor's substitutions: @conditionals, $NAME definitions (also multi-line) and
// their expansion, ${_RANDOM}, and ~SEQ/~LST replays.
#include "parser/preprocessor.hpp"
#include "parser/preprocessor_work.hpp"
#include "parser/sequence_directive.hpp"
#include "parser/text_util.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace vigil::parser {
namespace {

using preprocess_limits::max_depth;
using preprocess_limits::max_expansions;
using preprocess_limits::max_line_length;
using text::is_blank;
using text::is_name_char;
using text::is_name_start;
using text::parse_integer;
using text::trim;

}  // namespace

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

}  // namespace vigil::parser
