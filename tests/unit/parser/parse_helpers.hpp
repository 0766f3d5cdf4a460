#pragma once
// Helpers of the syntax-layer tests: parse text with fixed options (config id "main",
// includes disabled, seeded ${_RANDOM}) and render the tree with format_tree().

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "parser/parse_config.hpp"

namespace vigil::parser::test {

inline PreprocessOptions options() {
  PreprocessOptions o;
  o.config_id = "main";
  o.include_mode = IncludeMode::disabled;
  o.random_seed = 1;
  return o;
}

inline std::string run(std::string_view text, Diagnostics& d, const PreprocessOptions& o = options()) {
  auto tree = parse_config_text(text, "t.conf", o, d);
  return format_tree(tree.statements);
}

// Parses text that must give no diagnostics.
inline std::string run(std::string_view text) {
  Diagnostics d;
  auto s = run(text, d);
  INFO(d.to_string());
  CHECK(d.empty());
  return s;
}

inline std::vector<std::string> messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.all()) out.push_back(format_keepalived(x));
  return out;
}

}  // namespace vigil::parser::test
