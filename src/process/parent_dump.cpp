#include "process/parent_dump.hpp"

#include <fmt/format.h>

namespace vigil::process {

std::string format_parent_data(const GlobalDefinitions& g) {
    std::string out = "------< Global definitions >------\n";
    out += fmt::format(" Network namespace = {}\n", g.net_namespace.empty() ? "(default)" : g.net_namespace);
    if (!g.instance.empty()) {
        out += fmt::format(" Instance name = {}\n", g.instance);
    }
    out += fmt::format(" Router ID = {}\n", g.router_id);
    return out;
}

} // namespace vigil::process
