// libFuzzer target for the configuration syntax layer: preprocessor (with includes disabled:
// nothing outside the input is read), grammar, tree, and the script re-tokeniser on every
// statement. Limits keep ~SEQ/parameter bombs bounded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parser/parse_config.hpp"
#include "parser/script_value.hpp"

namespace {

std::size_t walk(const std::vector<vigil::parser::Statement>& statements) {
  std::size_t n = 0;
  for (const auto& s : statements) {
    n += s.words.size() + s.raw.size();
    if (s.words.size() > 1) n += vigil::parser::split_quoted_escaped(s.raw).words.size();
    n += walk(s.block);
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  vigil::parser::PreprocessOptions options;
  options.config_id = "main";
  options.include_mode = vigil::parser::IncludeMode::disabled;
  options.random_seed = 1;
  options.max_output_bytes = 256 << 10;
  options.max_lines = 20'000;
  vigil::parser::Diagnostics diagnostics;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto tree = vigil::parser::parse_config_text(text, "fuzz.conf", options, diagnostics);
  volatile std::size_t sink = walk(tree.statements) + vigil::parser::format_tree(tree.statements).size();
  for (const auto& d : diagnostics.all()) sink = sink + vigil::parser::format_gnu(d).size();
  (void)sink;
  return 0;
}
