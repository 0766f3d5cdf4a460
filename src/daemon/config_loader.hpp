#pragma once
// Loading the configuration for a normal run, by the parent at start-up and on SIGHUP (the
// children apply what it accepted from process::ConfigCopy): parser-bind's load_config_file
// with the command line's options and the live system catalog. Every diagnostic goes to the
// log (journal_line), and the configuration is refused (nullptr) only where keepalived 2.2.7
// refuses to run it (keepalived_refuses): warnings and the errors keepalived lives with never
// stop a start or a reload, the effective model (invalid parts dropped, as keepalived does)
// is used.
//
// global_defs reload_check_config (keepalived's main.c and vrrp_daemon.c):
//  - at start-up a configuration that has it and any config error (`keepalived -t` not 0) is
//    refused, as keepalived's VRRP child exits with KEEPALIVED_EXIT_CONFIG;
//  - on SIGHUP, when the *running* configuration has it, the new one is checked first: with
//    any config error its diagnostics are written to the check's log file (truncated first,
//    "/dev/null" without a file name), "New config failed validation, see FILE for details"
//    is logged and the running configuration stays.
// A reload that keepalived would not survive (its VRRP child exits with
// KEEPALIVED_EXIT_CONFIG and the daemon terminates) is refused instead: the running
// configuration stays, with "New config failed validation - keeping the running
// configuration" after the diagnostics.

#include "config/model.hpp"
#include "daemon/command_line.hpp"
#include "process/exit_code.hpp"
#include "parser/diagnostics.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vigil::daemon {

enum class ConfigUse {
    start,  // the parent's first load
    reload, // the parent's load on SIGHUP: decides whether the reload happens
};

// The running configuration's reload_check_config: the check's log file, or nullopt.
using ReloadCheck = std::optional<std::string>;
ReloadCheck reload_check_of(const config::Config& config);

// keepalived 2.2.7 reads the configuration in each process: at start-up the parent logs
// "Configuration file X" and what its own reading reports (global_defs, the root settings,
// the text itself), and each child logs what its reading reports after it is forked. A
// start-up load therefore logs the parent's lines at once and keeps each child's for that
// child to log when it starts.
struct ChildLines {
    std::vector<std::string> checker;
    std::vector<std::string> vrrp;
    std::vector<std::string> bfd;
};

struct LoadedModel {
    std::shared_ptr<const config::Config> config;      // nullptr when refused
    process::ExitCode refusal = process::ExitCode::ok; // then: keepalived's exit status for it
    ChildLines child_lines;                            // start-up only: each child's lines
    // A start-up refused by a child's reading (keepalived: that child exits
    // KEEPALIVED_EXIT_CONFIG and the parent terminates). `refused_model` then holds the
    // effective model so that the parent starts the same children; none of them runs it.
    std::optional<parser::Phase> refused_in;
    std::shared_ptr<const config::Config> refused_model;
};

LoadedModel load_model(const Options& options, ConfigUse use, const ReloadCheck& running = std::nullopt);

// Whether keepalived 2.2.7 refuses to run a configuration that reports `d`, and the exit
// status it ends with: the parse stops on a missing parameter (lib/parser.c null_strvec), a
// non-existent interface, an instance without VRID or interface, without a VIP where one is
// required, a unicast instance it cannot address, duplicate VRIDs (vrrp_daemon.c
// start_vrrp, vrrp.c vrrp_complete_init: the VRRP child exits KEEPALIVED_EXIT_CONFIG, 2);
// an include check fails (main.c had_config_file_error: KEEPALIVED_EXIT_NO_CONFIG, 6).
// Matched on keepalived's wording, which the parser reproduces.
std::optional<process::ExitCode> keepalived_refusal(const parser::Diagnostic& d);

// A diagnostic's log line: keepalived's own line, byte for byte ("(file: Line N) message"
// or the bare message, as keepalived words it), then " [file:line:col]" when the position is
// known, so that a grep for keepalived's wording still matches and the position is exact.
std::string journal_line(const parser::Diagnostic& d);

// The parent's wording of the same line: keepalived's parent reads the files themselves and
// names a file only when it is not the main one ("(Line N) ..."); the children read the
// consolidated copy and always name it.
std::string parent_journal_line(const parser::Diagnostic& d, const std::string& main_file);

} // namespace vigil::daemon
