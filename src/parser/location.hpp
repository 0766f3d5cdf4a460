#pragma once
// Positions of configuration text: every word of the syntax tree keeps the file, line and
// column it was read from (after includes, parameters and sequences were expanded, the
// position is the one of the directive that produced the text).

#include <cstdint>
#include <memory>
#include <string>

namespace vigil::parser {

// One configuration file that was read. Owned by the SyntaxTree; addresses are stable.
struct SourceFile {
  // The name as keepalived would print it: the -f argument for the main file, the glob()
  // result (relative to the including file's directory when the pattern was relative) for
  // included files.
  std::string path;
  // The directory the file lives in, absolute (the value of ${_PWD} while reading it).
  std::string directory;
  // `path` as the config::Location of everything bound from this file holds it: made once,
  // by the binder (BindContext::location), and shared.
  mutable std::shared_ptr<const std::string> shared_path;
};

// 1-based line and column. `file` is null only for a default-constructed Location.
struct Location {
  const SourceFile* file = nullptr;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

}  // namespace vigil::parser
