#pragma once
// Builds the SyntaxTree from preprocessed text with the PEGTL grammar (grammar.hpp).

#include "parser/diagnostics.hpp"
#include "parser/preprocessor.hpp"
#include "parser/syntax_tree.hpp"

namespace vigil::parser {

// Parses `text` (kept alive by the tree: it is moved into the tree's storage) into
// tree.statements. Brace errors are reported to `diagnostics`.
void build_tree(PreprocessedText&& text, SyntaxTree& tree, Diagnostics& diagnostics);

}  // namespace vigil::parser
