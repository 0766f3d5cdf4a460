#pragma once
// The `vigil` command's subcommands. main.cpp holds the table (name, one-line summary,
// entry point); each subcommand lives in its own file and parses its own arguments.
//
// Exit status contract, for every subcommand (vigil(1) "EXIT STATUS"):
//   0 success, 1 an error (daemon unreachable, request refused or failed), 2 a usage error.

#include <span>
#include <string>
#include <string_view>

namespace vigil::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_error = 1;
inline constexpr int exit_usage = 2;

// Options every subcommand shares, taken off the command line before the subcommand's own.
struct CommonOptions {
    // --socket=PATH: the daemon's control socket.
    std::string socket_path = "/run/vigil/control.sock";
};

// The arguments after the subcommand's name (common options removed).
using Arguments = std::span<const std::string_view>;

using SubcommandMain = int (*)(const CommonOptions& common, Arguments arguments);

struct Subcommand {
    std::string_view name;
    std::string_view synopsis; // after "vigil NAME", for the usage text
    std::string_view summary;
    SubcommandMain run;
};

// One entry point per subcommand file.
int status_main(const CommonOptions& common, Arguments arguments);
int explain_main(const CommonOptions& common, Arguments arguments);
int stats_main(const CommonOptions& common, Arguments arguments);
int events_main(const CommonOptions& common, Arguments arguments);
int reload_main(const CommonOptions& common, Arguments arguments);
int metrics_main(const CommonOptions& common, Arguments arguments);
int processes_main(const CommonOptions& common, Arguments arguments);
int simulate_main(const CommonOptions& common, Arguments arguments);
int doctor_main(const CommonOptions& common, Arguments arguments);

} // namespace vigil::cli
