#pragma once
// ~SEQ(var, [start,] [step,] end) REST, ~SEQx(...) REST and ~LST(var, v1, v2...) REST /
// ~LST({a,b}, {1,2}, {3,4}) REST: parsed into the rows of values to replay REST with.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::parser {

struct SequenceDirective {
  std::vector<std::string> names;              // variables set for each row
  std::vector<std::vector<std::string>> rows;  // one replay of REST per row
  std::size_t rest_offset = 0;                 // where REST starts in the line
};

// Whether `line` starts with a ~SEQ, ~SEQx or ~LST directive.
bool is_sequence_directive(std::string_view line);

// Parses a line for which is_sequence_directive() holds. On error returns false and
// appends keepalived's messages (each quoting the line) to `errors`.
bool parse_sequence_directive(std::string_view line, SequenceDirective& out, std::vector<std::string>& errors);

}  // namespace vigil::parser
