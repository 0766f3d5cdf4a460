#pragma once
// Binding: syntax tree -> config model, without the cross-object semantic checks
// (validate_config.hpp applies those).

#include "config/model.hpp"
#include "parser/diagnostics.hpp"
#include "parser/syntax_tree.hpp"

namespace vigil::parser {

config::Config bind_config(const SyntaxTree& tree, Diagnostics& diagnostics);

} // namespace vigil::parser
