// `vigil processes [--json]`: the parent and its children, answered by the parent itself
// (vigil(1), docs/control-protocol.md "processes").
#include "cli/connection.hpp"
#include "control/explain.hpp"

#include <fmt/format.h>

namespace vigil::cli {
namespace {

int print_processes(const control::Json& r) {
    fmt::print("parent pid {}, {}, config {}, {} reload(s){}\n", number_of(r, "pid"), text_of(r, "version"),
               text_of(r, "config_file"), number_of(r, "reloads"),
               flag_of(r, "reload_in_progress").value_or(false) ? ", reload in progress" : "");
    fmt::print("{:<8} {:>8} {:>8} {:<9} {:<12} {}\n", "CHILD", "PID", "RESTARTS", "STATE", "STARTED", "SOCKET");
    if (const control::Json* children = r.find("children"); children != nullptr && children->array_items() != nullptr) {
        for (const control::Json& c : *children->array_items()) {
            const double pid = number_of(c, "pid");
            const char* state = pid > 0 ? (flag_of(c, "ready").value_or(false) ? "running" : "starting")
                                        : (flag_of(c, "wanted").value_or(false) ? "respawn" : "-");
            const double started = number_of(c, "started");
            fmt::print("{:<8} {:>8} {:>8} {:<9} {:<12} {}\n", text_of(c, "name"), pid > 0 ? fmt::format("{}", pid) : "-",
                       number_of(c, "restarts"), state, started > 0 ? control::time_of_day(started) : "-",
                       text_of(c, "control_socket"));
        }
    }
    return exit_ok;
}

} // namespace

int processes_main(const CommonOptions& common, Arguments arguments) {
    bool json = false;
    if (!parse_flags("processes", arguments, {{"json", &json}}, nullptr)) {
        return exit_usage;
    }
    return query(common, control::Request{nullptr, control::Method::processes}, json, &print_processes);
}

} // namespace vigil::cli
