// `vigil metrics` (vigil(1)).
#include "cli/subcommand.hpp"

#include <fmt/format.h>

namespace vigil::cli {

int metrics_main(const CommonOptions& /*common*/, Arguments /*arguments*/) {
    fmt::print(stderr, "vigil metrics: not implemented yet\n");
    return exit_error;
}

} // namespace vigil::cli
