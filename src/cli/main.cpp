// The `vigil` command: `vigil [--socket=PATH] SUBCOMMAND [ARGS...]`. The table below is the
// one list of subcommands (usage text, dispatch); a new subcommand adds a row and a file.
#include "cli/subcommand.hpp"

#include "vigil_build_config.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <string_view>
#include <vector>

namespace vigil::cli {
namespace {

constexpr Subcommand subcommands[] = {
    {"status", "[--json]", "every instance and sync group: state, priorities, master, VIPs, last transition",
     &status_main},
    {"explain", "INSTANCE [--json]", "why INSTANCE is in its state, from the engine's own record",
     &explain_main},
    {"stats", "[--json]", "the counters of the stats dump, per instance and drop reason", &stats_main},
    {"events", "[--follow] [--json]", "the transitions since start; --follow streams new ones",
     &events_main},
    {"reload", "[--preview] [--json]", "reload the configuration (--preview: show what would change)",
     &reload_main},
    {"metrics", "", "the Prometheus metrics text, over the control socket", &metrics_main},
    {"processes", "[--json]", "the parent and its children: pids, restarts, reload in progress", &processes_main},
    {"simulate", "--node NAME=FILE... [--event TIME:KIND:NODE[:ARG]]... [--scenario FILE] [--json]",
     "run the nodes' configurations on a simulated clock and LAN; print the timeline and its flags",
     &simulate_main},
    {"doctor", "[-f FILE] [--listen SECONDS] [--json]",
     "check this host and its network for what breaks VRRP (exit 1 when problems are found)", &doctor_main},
};

void usage(std::FILE* out) {
    fmt::print(out, "Usage: vigil [--socket=PATH] COMMAND [ARGS...]\n\nCommands:\n");
    for (const Subcommand& s : subcommands) {
        fmt::print(out, "  {}{}{}\n      {}\n", s.name, s.synopsis.empty() ? "" : " ", s.synopsis, s.summary);
    }
    fmt::print(out, "\nOptions:\n  --socket=PATH  the control socket (default /run/vigil/control.sock)\n"
                    "  -h, --help     this text\n  -v, --version  the version\n");
}

} // namespace
} // namespace vigil::cli

int main(int argc, char* argv[]) {
    using namespace vigil::cli;
    CommonOptions common;
    std::vector<std::string_view> rest;
    const Subcommand* chosen = nullptr;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a.starts_with("--socket=")) {
            common.socket_path = a.substr(9);
        } else if (a == "--socket" || a == "-s") {
            if (i + 1 >= argc) {
                fmt::print(stderr, "vigil: {} needs a path\n", a);
                return exit_usage;
            }
            common.socket_path = argv[++i];
        } else if (chosen == nullptr && (a == "-h" || a == "--help" || a == "help")) {
            usage(stdout);
            return exit_ok;
        } else if (chosen == nullptr && (a == "-v" || a == "--version")) {
            fmt::print("vigil {}\n", VIGIL_VERSION);
            return exit_ok;
        } else if (chosen == nullptr) {
            for (const Subcommand& s : subcommands) {
                if (s.name == a) {
                    chosen = &s;
                }
            }
            if (chosen == nullptr) {
                fmt::print(stderr, "vigil: unknown command '{}'\n\n", a);
                usage(stderr);
                return exit_usage;
            }
        } else {
            rest.push_back(a);
        }
    }
    if (chosen == nullptr) {
        usage(stderr);
        return exit_usage;
    }
    return chosen->run(common, rest);
}
