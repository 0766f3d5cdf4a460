#pragma once
// The dump of the configuration's root settings and of global_defs (dump_config.cpp writes
// the rest).

#include "config/model.hpp"
#include "parser/dump_writer.hpp"

namespace vigil::parser {

void dump_root(Writer& w, const config::RootSettings& r);
void dump_global(Writer& w, const config::GlobalDefs& g);

}  // namespace vigil::parser
