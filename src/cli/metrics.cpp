// `vigil metrics`: the Prometheus text over the control socket, e.g. for node_exporter's
// textfile collector where opening a TCP port is unwelcome (vigil(1)): the VRRP process's
// families, then the checker process's.
#include "cli/connection.hpp"

#include <fmt/format.h>

namespace vigil::cli {

int metrics_main(const CommonOptions& common, Arguments arguments) {
    if (!parse_flags("metrics", arguments, {}, nullptr)) {
        return exit_usage;
    }
    // The VRRP process's families, then the checker process's (vigil_lvs_*).
    return query_both(
        common, control::Method::metrics, false,
        [](const control::Json& result) {
            fmt::print("{}", text_of(result, "text"));
            return exit_ok;
        },
        [](const control::Json& result) {
            fmt::print("{}", text_of(result, "text"));
            return exit_ok;
        });
}

} // namespace vigil::cli
