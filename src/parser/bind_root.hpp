#pragma once
// Binding: syntax tree -> config model, without the cross-object semantic checks
// (validate_config.hpp applies those).

#include "config/model.hpp"
#include "parser/diagnostics.hpp"
#include "parser/syntax_tree.hpp"

namespace vigil::parser {

// Consumes the tree: each top-level statement's nested statements are released as soon as
// that statement is bound, so that the peak memory is not the whole tree plus the whole
// model. Braces keepalived reads otherwise than the tree nests them are read its way first
// (block_structure.hpp).
config::Config bind_config(SyntaxTree&& tree, Diagnostics& diagnostics);

} // namespace vigil::parser
