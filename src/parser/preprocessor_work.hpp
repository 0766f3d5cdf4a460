#pragma once
// Private to the preprocessor (preprocessor*.cpp): one line being processed with the map from
// its characters to source columns, and the bounds every part of the line reader shares.

#include "parser/preprocessor.hpp"
#include "parser/text_util.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::parser {
namespace preprocess_limits {

inline constexpr int max_depth = 64;                // nested ~SEQ, multi-line replays, includes
inline constexpr std::size_t max_expansions = 256;  // parameter substitutions per line (bounds a
                                                    // self-referencing $NAME inside ~SEQ: fuzz)
inline constexpr std::size_t max_line_length = 1 << 16;

}  // namespace preprocess_limits

// One line being processed, with the map from its characters to source columns.
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
    while (b < e && text::is_blank(text[b])) ++b;
    while (e > b && text::is_blank(text[e - 1])) --e;
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

}  // namespace vigil::parser
