#include "daemon/release_vips.hpp"

#include "daemon/config_test.hpp"
#include "parser/load_config.hpp"
#include "process/exit_code.hpp"
#include "process/parent_process.hpp"
#include "runtime/log_sinks.hpp"
#include "util/log.hpp"
#include "vrrpd/release_addresses.hpp"

#include <unistd.h>

namespace vigil::daemon {

int run_release_vips(const Options& options) {
    runtime::LogSettings log_settings;
    log_settings.facility = options.log_facility_.value_or(LOG_DAEMON);
    log_settings.console = runtime::ConsoleLog::on; // ExecStopPost's output goes to the journal
    log_settings.syslog = runtime::SyslogLog::off;
    runtime::LogSinks sinks(log_settings);
    if (options.dont_release_vrrp_) {
        log::info("--dont-release-vrrp given: leaving the VIPs in place");
        return process::to_int(process::ExitCode::ok);
    }
    if (::access(options.config_file_.c_str(), F_OK) != 0) {
        log::info("Config files missing '{}'.", options.config_file_);
        return process::to_int(process::ExitCode::no_config);
    }
    const SystemCatalog system;
    const parser::LoadResult loaded = parser::load_config_file(options.config_file_, load_options(options, system));
    for (const parser::Diagnostic& d : loaded.diagnostics_.all()) {
        if (d.severity == parser::Severity::fatal) {
            log::error("Cannot release the VIPs: {}", parser::format_keepalived(d));
            return process::to_int(process::ExitCode::config);
        }
    }
    const std::string net_namespace =
        options.net_namespace_.value_or(loaded.config_.root_.net_namespace_.value_or(""));
    if (!net_namespace.empty() && !process::enter_net_namespace(net_namespace)) {
        return process::to_int(process::ExitCode::fatal);
    }
    const std::size_t removed = vrrpd::release_configured_addresses(loaded.config_, "left by an unclean stop");
    log::info("Released {} VIP{} left by an unclean stop", removed, removed == 1 ? "" : "s");
    return process::to_int(process::ExitCode::ok);
}

} // namespace vigil::daemon
