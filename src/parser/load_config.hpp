#pragma once
// Loading a configuration: read + preprocess + parse (parser-core), bind, validate.
//
// Contract: never throws for configuration problems; everything keepalived would report
// is in `diagnostics` (one entry per problem, located). `config` is the effective model
// keepalived would run with (invalid parts dropped, derivations applied).

#include "config/model.hpp"
#include "parser/diagnostics.hpp"
#include "parser/number_reader.hpp"
#include "parser/preprocess_options.hpp"
#include "parser/validate_config.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace vigil::parser {

struct LoadOptions {
    PreprocessOptions preprocess_;
    // Interface/user existence; nullptr = PermissiveCatalog (everything exists).
    const SystemCatalog* system_{nullptr};
    // The running daemon's reading or `-t`'s (number_reader.hpp).
    Reader reader_{Reader::config_test};
};

struct LoadResult {
    config::Config config_;
    Diagnostics diagnostics_;
};

LoadResult load_config_file(const std::filesystem::path& path, const LoadOptions& options);
LoadResult load_config_text(std::string_view text, std::string name, const LoadOptions& options);

} // namespace vigil::parser
