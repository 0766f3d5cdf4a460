// The `keepalived` executable: command line dispatch (reference §1).
#include "daemon/command_line.hpp"
#include "daemon/config_test.hpp"
#include "daemon/release_vips.hpp"
#include "daemon/run_daemon.hpp"
#include "genhash/genhash.hpp"
#include "parser/dump_config.hpp"

#include <malloc.h>

#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <variant>

namespace {

// The normal daemon run (daemon-core): -d dumps the parsed configuration first.
int run_normal(const vigil::daemon::Options& options) {
    if (options.dump_conf_) {
        const vigil::daemon::SystemCatalog system;
        const auto result = vigil::parser::load_config_file(options.config_file_,
                                                            vigil::daemon::load_options(options, system));
        fmt::print(stdout, "{}", vigil::parser::dump_config(result.config_));
        std::fflush(stdout);
    }
    return vigil::daemon::run_daemon(options);
}

} // namespace

int main(int argc, char* argv[]) {
    // A long-running daemon whose memory comes in bursts (start-up, reloads, mass takeovers):
    // fixed malloc thresholds keep glibc from raising them after the first large free, so
    // blocks of 64 KiB and more are always mapped on their own and unmapped when freed, and
    // a free heap top above 128 KiB is given back, instead of staying resident (issue 4).
    ::mallopt(M_MMAP_THRESHOLD, 64 * 1024);
    ::mallopt(M_TRIM_THRESHOLD, 128 * 1024);
    // Installed as /usr/bin/genhash -> keepalived, as keepalived's package does.
    if (argc > 0) {
        const char* slash = std::strrchr(argv[0], '/');
        if (std::strcmp(slash != nullptr ? slash + 1 : argv[0], "genhash") == 0) {
            return vigil::genhash::main_named(argc, argv);
        }
    }
    auto parsed = vigil::daemon::parse_command_line(argc, argv);
    if (auto* error = std::get_if<vigil::daemon::CommandLineError>(&parsed)) {
        fmt::print(stderr, "{}\n", error->message_);
        return error->exit_status_;
    }
    const auto& options = std::get<vigil::daemon::Options>(parsed);
    if (options.genhash_) {
        return vigil::genhash::main_from_keepalived(argc, argv, options.genhash_first_, options.genhash_long_);
    }
    if (!options.unexpected_.empty()) {
        std::string text;
        for (const auto& a : options.unexpected_) {
            text += a + " ";
        }
        fmt::print(stderr, "Unexpected argument(s): {}\n", text);
    }
    if (options.log_facility_invalid_) {
        for (std::size_t i = 0; i + 1 < options.command_line_.size(); ++i) {
            const auto& a = options.command_line_[i];
            if (a == "-S" || a == "--log-facility") {
                fmt::print(stderr, "Invalid log facility '{}'\n", options.command_line_[i + 1]);
            } else if (a.rfind("--log-facility=", 0) == 0) {
                fmt::print(stderr, "Invalid log facility '{}'\n", a.substr(15));
            }
        }
    }
    if (options.signum_) {
        if (const auto sig = vigil::daemon::signal_number(*options.signum_)) {
            fmt::print(stdout, "{}\n", *sig);
            return 0;
        }
        fmt::print(stderr, "Unknown sigfunc {}\n", *options.signum_);
        return 1;
    }
    if (options.version_) {
        fmt::print(stderr, "{}", vigil::daemon::version_text());
        return 0;
    }
    if (options.help_) {
        fmt::print(stderr, "{}", vigil::daemon::usage_text(argc > 0 ? argv[0] : "keepalived"));
        return 0;
    }
    if (options.config_test_) {
        return vigil::daemon::run_config_test(options);
    }
    if (options.release_vips_and_exit_) {
        return vigil::daemon::run_release_vips(options);
    }
    return run_normal(options);
}
