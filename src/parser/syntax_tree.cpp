#include "parser/syntax_tree.hpp"

namespace vigil::parser {
namespace {

void format_into(const std::vector<Statement>& statements, int indent, std::string& out) {
  for (const auto& st : statements) {
    out.append(static_cast<std::size_t>(indent) * 2, ' ');
    bool first = true;
    for (const auto& w : st.words) {
      if (!first) out += '|';
      out.append(w.text);
      first = false;
    }
    if (st.has_block) {
      out += st.words.empty() ? "{\n" : " {\n";
      format_into(st.block, indent + 1, out);
      out.append(static_cast<std::size_t>(indent) * 2, ' ');
      out += st.block_close.line == 0 ? "<missing }>" : "}";
    }
    out += '\n';
  }
}

}  // namespace

std::string format_tree(const std::vector<Statement>& statements) {
  std::string out;
  format_into(statements, 0, out);
  return out;
}

}  // namespace vigil::parser
