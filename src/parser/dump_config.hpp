#pragma once
// The effective configuration in canonical keepalived.conf syntax (`-d`/`--dump-conf`).
//
// Contract: parsing the output gives a model equal to `cfg` (round-trip test), and dumping
// that model again gives the same text. Settings equal to their default are omitted,
// except the derived instance settings (state, priority, version, accept), which are
// always written. Objects are written in dependency order (scripts before instances,
// instances before sync groups) because keepalived resolves references while reading.

#include "config/model.hpp"

#include <string>

namespace vigil::parser {

std::string dump_config(const config::Config& cfg);

} // namespace vigil::parser
