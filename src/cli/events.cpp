// `vigil events` (vigil(1)).
#include "cli/subcommand.hpp"

#include <fmt/format.h>

namespace vigil::cli {

int events_main(const CommonOptions& /*common*/, Arguments /*arguments*/) {
    fmt::print(stderr, "vigil events: not implemented yet\n");
    return exit_error;
}

} // namespace vigil::cli
