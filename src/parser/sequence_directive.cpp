#include "parser/sequence_directive.hpp"


#include <fmt/format.h>

#include "parser/grammar.hpp"
#include "parser/text_util.hpp"

namespace vigil::parser {
namespace {

namespace pegtl = tao::pegtl;

namespace rules = grammar::sequence;

struct Head {
  bool lst = false;
  bool hex = false;
  const char* args_begin = nullptr;
  const char* args_end = nullptr;
  const char* end = nullptr;
};

template <typename Rule>
struct action : pegtl::nothing<Rule> {};
template <>
struct action<rules::seq_hex> {
  template <typename Input>
  static void apply(const Input&, Head& h) { h.hex = true; }
};
template <>
struct action<rules::lst_head> {
  template <typename Input>
  static void apply(const Input&, Head& h) { h.lst = true; }
};
template <>
struct action<rules::arguments> {
  template <typename Input>
  static void apply(const Input& in, Head& h) {
    h.args_begin = in.begin();
    h.args_end = in.end();
  }
};
template <>
struct action<rules::close_paren> {
  template <typename Input>
  static void apply(const Input& in, Head& h) { h.end = in.end(); }
};

using text::trim;

std::vector<std::string_view> split_top(std::string_view s) {
  std::vector<std::string_view> out;
  int level = 0;
  std::size_t from = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{') ++level;
    else if (s[i] == '}') --level;
    else if (s[i] == ',' && level == 0) {
      out.push_back(trim(s.substr(from, i - from)));
      from = i + 1;
    }
  }
  out.push_back(trim(s.substr(from)));
  return out;
}

std::string_view ungroup(std::string_view s) {
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') return trim(s.substr(1, s.size() - 2));
  return s;
}

constexpr long long limit = 1LL << 48;

bool parse_number(std::string_view s, long long& v) {
  return text::parse_integer(s, v) && v > -limit && v < limit;
}

}  // namespace

bool is_sequence_directive(std::string_view line) {
  return line.starts_with("~SEQ(") || line.starts_with("~SEQx(") || line.starts_with("~LST(");
}

bool parse_sequence_directive(std::string_view line, SequenceDirective& out, std::vector<std::string>& errors) {
  const std::string_view kind = line.starts_with("~LST(") ? "~LST" : "~SEQ";
  auto fail = [&](std::string_view what) {
    if (!what.empty()) errors.push_back(fmt::format("{} '{}'", what, line));
    errors.push_back(fmt::format("Invalid {} specification '{}'", kind, line));
    return false;
  };
  Head head;
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(line.data(), line.size(), "directive");
  try {
    if (!pegtl::parse<rules::directive, action, pegtl::must_if<rules::errors>::control>(in, head)) return fail("");
  } catch (const pegtl::parse_error&) {
    return fail(kind == "~SEQ" ? "~SEQ parameter strings too long" : "");
  }
  out.rest_offset = static_cast<std::size_t>(head.end - line.data());
  auto args = split_top(std::string_view(head.args_begin, static_cast<std::size_t>(head.args_end - head.args_begin)));

  if (head.lst) {
    if (args.size() < 2) return fail("");
    for (auto n : split_top(ungroup(args[0]))) {
      if (!text::is_name(n)) return fail("");
      out.names.emplace_back(n);
    }
    for (std::size_t a = 1; a < args.size(); ++a) {
      std::vector<std::string> row;
      for (auto v : split_top(ungroup(args[a]))) row.emplace_back(v);
      // an empty value list replays nothing (2.2.7 binary: "~LST(v,) x" gives no line)
      if (row.size() == 1 && row.front().empty()) continue;
      out.rows.push_back(std::move(row));
    }
    return true;
  }

  if (args.size() < 2 || args.size() > 4 || !text::is_name(args[0])) return fail("Invalid ~SEQ definition");
  long long start = 0, step = 0, end = 0;
  bool ok = true;
  if (args.size() == 2) {
    ok = parse_number(args[1], end);
    start = end < 0 ? -1 : 1;
  } else if (args.size() == 3) {
    ok = parse_number(args[1], start) && parse_number(args[2], end);
  } else {
    ok = parse_number(args[1], start) && parse_number(args[2], step) && parse_number(args[3], end);
  }
  if (args.size() < 4) step = end >= start ? 1 : -1;
  if (!ok || step == 0 || (start < end && step < 0) || (start > end && step > 0)) return fail("Invalid ~SEQ values");
  out.names.emplace_back(args[0]);
  out.start = start;
  out.step = step;
  out.end = end;
  out.format = head.hex ? SequenceFormat::hex : SequenceFormat::decimal;
  return true;
}

std::size_t SequenceDirective::count() const {
  if (!rows.empty() || step == 0) return rows.size();
  if (step > 0 ? start > end : start < end) return 0;
  return static_cast<std::size_t>((end - start) / step) + 1;
}

std::vector<std::string> SequenceDirective::row(std::size_t i) const {
  if (!rows.empty()) return rows[i];
  long long v = start + static_cast<long long>(i) * step;
  switch (format) {
    case SequenceFormat::hex: return {v < 0 ? fmt::format("-{:x}", -v) : fmt::format("{:x}", v)};
    case SequenceFormat::decimal: return {std::to_string(v)};
  }
  return {};
}

}  // namespace vigil::parser
