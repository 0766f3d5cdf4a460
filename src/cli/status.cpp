// `vigil status` (vigil(1)).
#include "cli/subcommand.hpp"

#include <fmt/format.h>

namespace vigil::cli {

int status_main(const CommonOptions& /*common*/, Arguments /*arguments*/) {
    fmt::print(stderr, "vigil status: not implemented yet\n");
    return exit_error;
}

} // namespace vigil::cli
