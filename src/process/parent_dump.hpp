#pragma once
// The parent's SIGUSR1 dump, keepalived_parent.data (section 2 "Signals"): the global
// definitions section, which every child's data dump also begins with.

#include <string>

namespace vigil::process {

struct GlobalDefinitions {
    std::string router_id;
    std::string net_namespace;
    std::string instance;
};

// "------< Global definitions >------" and its Key = value lines.
std::string format_parent_data(const GlobalDefinitions& global);

} // namespace vigil::process
