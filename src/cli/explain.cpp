// `vigil explain INSTANCE [--json]`: why an instance is in its state (vigil(1)).
#include "cli/connection.hpp"

#include <fmt/format.h>

namespace vigil::cli {

int explain_main(const CommonOptions& common, Arguments arguments) {
    bool json = false;
    std::vector<std::string_view> names;
    if (!parse_flags("explain", arguments, {{"json", &json}}, &names)) {
        return exit_usage;
    }
    if (names.size() != 1) {
        fmt::print(stderr, "vigil explain: name one instance (vigil explain INSTANCE)\n");
        return exit_usage;
    }
    control::Request request{nullptr, control::Method::explain};
    request.instance = names.front();
    return query(common, request, json, [](const control::Json& result) {
        if (const control::Json* lines = result.find("explanation"); lines && lines->array_items()) {
            for (const control::Json& line : *lines->array_items()) {
                fmt::print("{}\n", line.string() ? *line.string() : std::string());
            }
        }
        return exit_ok;
    });
}

} // namespace vigil::cli
