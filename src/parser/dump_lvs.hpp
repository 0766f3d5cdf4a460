#pragma once
// The dump of the LVS, checker and BFD parts of the model, in keepalived syntax, ordered so
// that it re-parses to the same model (a bfd_instance before what tracks it, a virtual
// server's settings before its real servers).

#include "config/model.hpp"
#include "parser/dump_writer.hpp"

#include <vector>

namespace vigil::parser {

// Inside global_defs.
void dump_checker_globals(Writer& w, const config::CheckerGlobals& g);
void dump_bfd_instances(Writer& w, const std::vector<config::BfdInstance>& list);
// SSL, virtual_server_group and virtual_server blocks. Values validation derives from the
// enclosing block (or from `globals`) are left out.
void dump_lvs(Writer& w, const config::LvsConfig& lvs, const config::GlobalDefs& globals);

} // namespace vigil::parser
