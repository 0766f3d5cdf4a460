// `vigil reload` (vigil(1)).
#include "cli/subcommand.hpp"

#include <fmt/format.h>

namespace vigil::cli {

int reload_main(const CommonOptions& /*common*/, Arguments /*arguments*/) {
    fmt::print(stderr, "vigil reload: not implemented yet\n");
    return exit_error;
}

} // namespace vigil::cli
