#pragma once
// Semantic checks and config-time derivations of keepalived 2.2.7 (reference §4
// "Config-time derivations", §3 tables, §6 script security), applied to a bound model.
//
// Contract: after validate_config() every VrrpInstance has state_, priority_, version_,
// family_ and accept_ set; invalid instances and sync groups are removed (as keepalived
// removes them); each problem is reported once. Interface existence and user lookups go
// through the injected SystemCatalog so that tests need no real interfaces.

#include "config/model.hpp"
#include "parser/diagnostics.hpp"
#include "parser/system_catalog.hpp"

#include <string_view>

namespace vigil::parser {

class BindContext;
// `ctx`: the binding's context (system catalog, keepalived's process-wide script state).
void validate_config(config::Config& cfg, BindContext& ctx);

} // namespace vigil::parser
