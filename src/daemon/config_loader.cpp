#include "daemon/config_loader.hpp"

#include "daemon/config_test.hpp"
#include "parser/load_config.hpp"
#include "util/log.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace vigil::daemon {

namespace {

// keepalived 2.2.7's wording of the configuration problems after which it does not run
// (reference: config-test.md and the binary; each exits 2, or 6 for the include checks).
constexpr std::array<std::string_view, 10> refused_wording{
    // lib/parser.c null_strvec: the parse itself exits
    "is missing a parameter after keyword `",
    "is missing a parameter at word position ",
    // vrrp_daemon.c start_vrrp: non_existent_interface_specified
    "Non-existent interface specified in configuration",
    // vrrp.c chk_min_cfg
    ") the virtual router id must be set",
    ") Unknown interface!",
    // vrrp.c vrrp_complete_instance
    ") No VIP specified; at least one is required",
    ") Unicast peers are not supported in strict mode",
    "): Unicast instances must have unicast_src_ip or interface",
    ") Non link-local address required if interface omitted",
    // vrrp.c check_vrid_conflicts
    " duplicate VRID conflict with ",
};

// "A and B both use VRID N with IPv4 on interface X" (check_vrid_conflicts, multicast).
bool is_vrid_conflict(std::string_view message) {
    return message.find(" both use VRID ") != std::string_view::npos &&
           message.find(" on interface ") != std::string_view::npos;
}

// A failed include check (includer/includem/includew/includeb/includea) is reported with the
// security exit class; "Config files missing" and "Unable to open config file" are also
// keepalived's warnings when no check is asked for.
bool is_failed_include_check(const parser::Diagnostic& d) {
    if (d.exit_class != parser::ExitClass::security) {
        return false;
    }
    const std::string_view m = d.message;
    return m.starts_with("Config files missing '") || m.starts_with("Unable to open config file '") ||
           m.starts_with("No config files matched '") || m.starts_with("Not all brace alternatives matched '");
}

// keepalived truncates the check's log before every check (and says so when it cannot, as
// for the default /dev/null).
void truncate_check_log(const std::string& path) {
    if (::truncate(path.c_str(), 0) != 0 && errno != ENOENT) {
        const int error = errno;
        log::info("truncate of config check log {} failed ({}) - {}", path, error, std::strerror(error));
    }
}

// The check's diagnostics, as `keepalived -t` prints them.
void write_check_log(const std::string& path, const parser::Diagnostics& diagnostics) {
    std::FILE* file = std::fopen(path.c_str(), "ae");
    if (file == nullptr) {
        return;
    }
    for (const parser::Diagnostic& d : diagnostics.all()) {
        if (d.audience == parser::Audience::all) {
            fmt::print(file, "{}\n", parser::format_gnu(d));
        }
    }
    std::fclose(file);
}

bool is_child_phase(parser::Phase phase) {
    return phase == parser::Phase::checker || phase == parser::Phase::vrrp || phase == parser::Phase::bfd;
}

bool is_opening_line(const parser::Diagnostic& d) {
    return d.audience == parser::Audience::journal && d.message.starts_with("Opening file '");
}

// The start-up's lines by process (ChildLines): the parent's are logged here, with
// "Configuration file X" where keepalived's parent logs it, once the main file is open (after
// -D's "Opening file" line for it); each child's are kept for that child.
void log_start_lines(const std::string& main_file, const parser::Diagnostics& diagnostics, ChildLines& children) {
    bool named = false;
    const auto name_file = [&] {
        if (!named) {
            log::info("Configuration file {}", main_file);
            named = true;
        }
    };
    ChildLines own;
    for (const parser::Diagnostic& d : diagnostics.all()) {
        switch (d.phase) {
        case parser::Phase::checker: own.checker.push_back(journal_line(d)); continue;
        case parser::Phase::vrrp: own.vrrp.push_back(journal_line(d)); continue;
        case parser::Phase::bfd: own.bfd.push_back(journal_line(d)); continue;
        case parser::Phase::stream:
            // The text itself (unknown root keywords, braces...): every reading reports it,
            // before what is its own.
            if (d.audience == parser::Audience::all) {
                for (std::vector<std::string>* lines : {&children.checker, &children.vrrp, &children.bfd}) {
                    lines->push_back(journal_line(d));
                }
            }
            break;
        case parser::Phase::parent: break;
        }
        if (!is_opening_line(d)) {
            name_file();
        }
        log::info("{}", parent_journal_line(d, main_file));
        if (is_opening_line(d)) {
            name_file();
        }
    }
    name_file();
    for (auto [lines, mine] : {std::pair{&children.checker, &own.checker}, std::pair{&children.vrrp, &own.vrrp},
                               std::pair{&children.bfd, &own.bfd}}) {
        lines->insert(lines->end(), mine->begin(), mine->end());
    }
}

} // namespace

std::optional<process::ExitCode> keepalived_refusal(const parser::Diagnostic& d) {
    if (d.severity == parser::Severity::fatal) {
        return process::ExitCode::config;
    }
    if (d.severity != parser::Severity::error) {
        return std::nullopt;
    }
    if (is_failed_include_check(d)) {
        return process::ExitCode::no_config;
    }
    for (std::string_view wording : refused_wording) {
        if (d.message.find(wording) != std::string::npos) {
            return process::ExitCode::config;
        }
    }
    if (is_vrid_conflict(d.message)) {
        return process::ExitCode::config;
    }
    return std::nullopt;
}

std::string journal_line(const parser::Diagnostic& d) {
    std::string line = parser::format_keepalived(d);
    if (!d.file.empty() && d.line != 0) {
        line += d.column != 0 ? fmt::format(" [{}:{}:{}]", d.file, d.line, d.column)
                              : fmt::format(" [{}:{}]", d.file, d.line);
    }
    return line;
}

std::string parent_journal_line(const parser::Diagnostic& d, const std::string& main_file) {
    if (d.file != main_file || d.line == 0 || d.prefix == parser::LinePrefix::none) {
        return journal_line(d);
    }
    parser::Diagnostic unnamed = d;
    unnamed.file.clear();
    std::string line = parser::format_keepalived(unnamed);
    line += d.column != 0 ? fmt::format(" [{}:{}:{}]", d.file, d.line, d.column) : fmt::format(" [{}:{}]", d.file, d.line);
    return line;
}

ReloadCheck reload_check_of(const config::Config& config) {
    const config::GlobalDefs& g = config.global_;
    if (!g.reload_check_config_) {
        return std::nullopt;
    }
    return g.reload_check_config_file_.value_or("/dev/null");
}

LoadedModel load_model(const Options& options, ConfigUse use, const ReloadCheck& running) {
    // keepalived's parent enters net_namespace (or -s) as it reads the configuration: the
    // interfaces and the rest are then checked in that namespace, not the host's.
    const SystemCatalog system{NamespaceMode::enter, options.net_namespace_.value_or("")};
    parser::LoadResult result = parser::load_config_file(options.config_file_, load_options(options, system));
    const parser::Diagnostics& diagnostics = result.diagnostics_;
    LoadedModel out;
    if (use == ConfigUse::reload) {
        // keepalived's pre-reload check runs `keepalived --config-test` and logs only its verdict.
        if (running) {
            truncate_check_log(*running);
            if (diagnostics.exit_status() != 0) {
                write_check_log(*running, diagnostics);
                log::info("New config failed validation, see {} for details", *running);
                out.refusal = process::ExitCode::config;
                return out;
            }
        }
        log::info("Reloading ...");
        log::info("Configuration file {}", options.config_file_);
    }
    std::optional<parser::Phase> refusing_phase;
    if (use == ConfigUse::start) {
        log_start_lines(options.config_file_, diagnostics, out.child_lines);
    }
    for (const parser::Diagnostic& d : diagnostics.all()) {
        if (use == ConfigUse::reload) {
            log::info("{}", journal_line(d));
        }
        // keepalived's parent checks the includes before any child parses: 6 wins over 2.
        if (const std::optional<process::ExitCode> code = keepalived_refusal(d); code && out.refusal != process::ExitCode::no_config) {
            out.refusal = *code;
            if (!refusing_phase) {
                refusing_phase = d.phase;
            }
        }
    }
    // With reload_check_config, keepalived's VRRP child exits on any config error.
    if (out.refusal == process::ExitCode::ok && reload_check_of(result.config_) && diagnostics.exit_status() != 0) {
        out.refusal = process::ExitCode::config;
        refusing_phase = parser::Phase::vrrp;
    }
    if (out.refusal != process::ExitCode::ok) {
        if (use == ConfigUse::reload) {
            log::info("New config failed validation - keeping the running configuration");
        } else if (out.refusal == process::ExitCode::config && refusing_phase && is_child_phase(*refusing_phase)) {
            out.refused_in = refusing_phase;
            out.refused_model = std::make_shared<const config::Config>(std::move(result.config_));
        }
        return out;
    }
    out.config = std::make_shared<const config::Config>(std::move(result.config_));
    return out;
}

} // namespace vigil::daemon
