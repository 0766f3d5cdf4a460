#pragma once
// Binding: syntax tree -> config model, without the cross-object semantic checks
// (validate_config.hpp applies those).

#include "config/model.hpp"
#include "parser/bind_context.hpp"
#include "parser/diagnostics.hpp"
#include "parser/syntax_tree.hpp"

namespace vigil::parser {

// Consumes the tree: each top-level statement's nested statements are released as soon as
// that statement is bound, so that the peak memory is not the whole tree plus the whole
// model. Braces keepalived reads otherwise than the tree nests them are read its way first
// (block_structure.hpp). Root statements are bound reading by reading, in keepalived's order
// (parent, checker, VRRP, BFD); when the configuration's net_namespace cannot be entered
// after the parent's reading, binding stops there (keepalived exits 0). `ctx` carries the
// system catalog and keepalived's process-wide state on to validation.
config::Config bind_config(SyntaxTree&& tree, BindContext& ctx);

} // namespace vigil::parser
