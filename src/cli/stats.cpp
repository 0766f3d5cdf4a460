// `vigil stats [--json]`: the counters of the stats dump, per instance (vigil(1)).
#include "cli/connection.hpp"

#include <fmt/format.h>

namespace vigil::cli {

int stats_main(const CommonOptions& common, Arguments arguments) {
    bool json = false;
    if (!parse_flags("stats", arguments, {{"json", &json}}, nullptr)) {
        return exit_usage;
    }
    return query(common, control::Request{nullptr, control::Method::stats}, json, [](const control::Json& result) {
        if (const control::Json* instances = result.find("instances"); instances && instances->array_items()) {
            for (const control::Json& i : *instances->array_items()) {
                fmt::print("{}\n", text_of(i, "name"));
                if (const control::Json* counters = i.find("counters"); counters && counters->members()) {
                    for (const auto& [name, value] : *counters->members()) {
                        fmt::print("  {:<22} {}\n", name, value.number().value_or(0));
                    }
                }
            }
        }
        return exit_ok;
    });
}

} // namespace vigil::cli
