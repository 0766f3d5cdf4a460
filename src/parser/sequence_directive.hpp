#pragma once
// ~SEQ(var, [start,] [step,] end) REST, ~SEQx(...) REST and ~LST(var, v1, v2...) REST /
// ~LST({a,b}, {1,2}, {3,4}) REST: parsed into the rows of values to replay REST with.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::parser {

enum class SequenceFormat { decimal, hex };

struct SequenceDirective {
  std::vector<std::string> names;  // variables set for each replay
  // ~LST: one replay of REST per row (values for `names`, in order).
  std::vector<std::vector<std::string>> rows;
  // ~SEQ/~SEQx: one replay per value start, start+step, ... while not past end
  // (used when `rows` is empty and step != 0).
  long long start = 0;
  long long step = 0;
  long long end = 0;
  SequenceFormat format = SequenceFormat::decimal;
  std::size_t rest_offset = 0;  // where REST starts in the line

  std::size_t count() const;
  // The values of replay `i` (< count()).
  std::vector<std::string> row(std::size_t i) const;
};

// Whether `line` starts with a ~SEQ, ~SEQx or ~LST directive.
bool is_sequence_directive(std::string_view line);

// Parses a line for which is_sequence_directive() holds. On error returns false and
// appends keepalived's messages (each quoting the line) to `errors`.
bool parse_sequence_directive(std::string_view line, SequenceDirective& out, std::vector<std::string>& errors);

}  // namespace vigil::parser
