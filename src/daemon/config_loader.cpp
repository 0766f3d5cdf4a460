#include "daemon/config_loader.hpp"

#include "daemon/config_test.hpp"
#include "parser/load_config.hpp"
#include "util/log.hpp"

namespace vigil::daemon {

std::shared_ptr<const config::Config> load_model(const Options& options) {
    const SystemCatalog system;
    parser::LoadResult result = parser::load_config_file(options.config_file_, load_options(options, system));
    bool fatal = false;
    for (const parser::Diagnostic& d : result.diagnostics_.all()) {
        log::info("{}", parser::format_keepalived(d));
        fatal = fatal || d.severity == parser::Severity::fatal;
    }
    if (fatal) {
        return nullptr;
    }
    return std::make_shared<const config::Config>(std::move(result.config_));
}

} // namespace vigil::daemon
