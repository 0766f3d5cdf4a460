#pragma once
// keepalived 2.2.7's reading of braces (lib/parser.c process_stream, alloc_value_block).
//
// The syntax tree nests every '{' under the statement before it, whatever the keyword.
// keepalived decides by its keyword tables instead: a '{' after a keyword that takes no block
// is "Unexpected '{' - ignoring" and the lines after it belong to the enclosing block, the
// next '}' closing that block; a block keyword whose '{' does not follow reads the next lines
// as its block anyway ("Missing '{' at beginning of configuration block"); a value block
// (virtual_ipaddress, track_script...) reads lines up to the first '}', braces included; a
// root keyword of another process skips its block by counting braces. Each reading of the
// configuration (parent, checker, VRRP, BFD) can therefore see other blocks.
//
// Contract: when matches_keepalived(tree) holds, every reading sees the tree as it is, and
// binding it directly gives keepalived's result. Otherwise reshape() gives, for one reading,
// the root statements as that reading sees them (statements copied, texts shared with the
// tree), and reports that reading's brace diagnostics in the current phase.

#include "parser/diagnostics.hpp"
#include "parser/keyword_schema.hpp"
#include "parser/syntax_tree.hpp"

#include <vector>

namespace vigil::parser {

bool matches_keepalived(const std::vector<Statement>& roots);

// `tree` provides the statements and the storage of words made from braces.
std::vector<Statement> reshape(SyntaxTree& tree, schema::Reading reading, Diagnostics& diagnostics);

} // namespace vigil::parser
