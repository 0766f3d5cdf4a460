#include "parser/parse_config.hpp"

#include "parser/preprocessor.hpp"
#include "parser/tree_builder.hpp"

namespace vigil::parser {

SyntaxTree parse_config_file(const std::filesystem::path& path, const PreprocessOptions& options,
                             Diagnostics& diagnostics) {
  SyntaxTree tree;
  Preprocessor pre(tree, options, diagnostics);
  pre.read_main_file(path);
  build_tree(pre.take_output(), tree, diagnostics);
  return tree;
}

SyntaxTree parse_config_text(std::string_view text, std::string name, const PreprocessOptions& options,
                             Diagnostics& diagnostics, const std::filesystem::path& base_directory) {
  SyntaxTree tree;
  Preprocessor pre(tree, options, diagnostics);
  pre.read_main_text(text, std::move(name), base_directory);
  build_tree(pre.take_output(), tree, diagnostics);
  return tree;
}

}  // namespace vigil::parser
