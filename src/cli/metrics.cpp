// `vigil metrics`: the Prometheus text over the control socket, e.g. for node_exporter's
// textfile collector where opening a TCP port is unwelcome (vigil(1)).
#include "cli/connection.hpp"

#include <fmt/format.h>

namespace vigil::cli {

int metrics_main(const CommonOptions& common, Arguments arguments) {
    if (!parse_flags("metrics", arguments, {}, nullptr)) {
        return exit_usage;
    }
    int status = exit_error;
    const auto reply = call(common, control::Request{nullptr, control::Method::metrics}, reply_timeout, status);
    if (!reply) {
        return status;
    }
    fmt::print("{}", text_of(reply->result, "text"));
    return exit_ok;
}

} // namespace vigil::cli
