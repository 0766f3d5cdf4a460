#include "daemon/config_loader.hpp"

#include "daemon/config_test.hpp"
#include "parser/load_config.hpp"
#include "util/log.hpp"

namespace vigil::daemon {

std::shared_ptr<const config::Config> load_model(const Options& options, ConfigUse use) {
    const SystemCatalog system;
    parser::LoadResult result = parser::load_config_file(options.config_file_, load_options(options, system));
    bool fatal = false;
    bool errors = false;
    for (const parser::Diagnostic& d : result.diagnostics_.all()) {
        log::info("{}", parser::format_keepalived(d));
        fatal = fatal || d.severity == parser::Severity::fatal;
        errors = errors || d.severity != parser::Severity::warning;
    }
    if (fatal) {
        return nullptr;
    }
    if (use == ConfigUse::reload && errors) {
        log::info("New config failed validation - keeping the running configuration");
        return nullptr;
    }
    return std::make_shared<const config::Config>(std::move(result.config_));
}

} // namespace vigil::daemon
