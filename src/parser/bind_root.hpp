#pragma once
// Binding: syntax tree -> config model, without the cross-object semantic checks
// (validate_config.hpp applies those).

#include "config/model.hpp"
#include "parser/diagnostics.hpp"
#include "parser/syntax_tree.hpp"

namespace vigil::parser {

config::Config bind_config(const SyntaxTree& tree, Diagnostics& diagnostics);

// Same result and diagnostics, but consumes the tree: each top-level statement's nested
// statements are released as soon as that statement is bound, so that the peak memory is
// not the whole tree plus the whole model.
config::Config bind_config(SyntaxTree&& tree, Diagnostics& diagnostics);

} // namespace vigil::parser
