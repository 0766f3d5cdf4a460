#include "daemon/config_preview.hpp"

#include "daemon/config_test.hpp"
#include "parser/load_config.hpp"

namespace vigil::daemon {

vrrpd::PreviewLoad preview_config(const Options& options, const ReloadCheck& running) {
    vrrpd::PreviewLoad out;
    const SystemCatalog system;
    parser::LoadResult result = parser::load_config_file(options.config_file_, load_options(options, system));
    const parser::Diagnostics& diagnostics = result.diagnostics_;
    bool refused = running.has_value() && diagnostics.exit_status() != 0;
    for (const parser::Diagnostic& d : diagnostics.all()) {
        out.diagnostics.push_back(journal_line(d));
        refused = refused || keepalived_refusal(d).has_value();
    }
    if (!refused && reload_check_of(result.config_) && diagnostics.exit_status() != 0) {
        refused = true;
    }
    if (!refused) {
        out.config = std::make_shared<const config::Config>(std::move(result.config_));
    }
    return out;
}

} // namespace vigil::daemon
