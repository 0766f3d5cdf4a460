#pragma once
// Entry points of the syntax layer: read a configuration (file or text) into a SyntaxTree.
// Problems go to `diagnostics`; the tree holds whatever could be read.

#include <filesystem>
#include <string>
#include <string_view>

#include "parser/diagnostics.hpp"
#include "parser/preprocess_options.hpp"
#include "parser/syntax_tree.hpp"

namespace vigil::parser {

// Reads `path` and everything it includes. A missing main file gives the bare diagnostic
// "Config files missing '<path>'." (warning, like keepalived -t which exits 0).
// `path` is used as given in messages (keepalived prints the -f argument).
SyntaxTree parse_config_file(const std::filesystem::path& path, const PreprocessOptions& options,
                             Diagnostics& diagnostics);

// Parses in-memory text named `name` (used in positions). Relative includes are resolved
// from `base_directory` (default: the current directory) unless includes are disabled.
SyntaxTree parse_config_text(std::string_view text, std::string name, const PreprocessOptions& options,
                             Diagnostics& diagnostics, const std::filesystem::path& base_directory = {});

}  // namespace vigil::parser
