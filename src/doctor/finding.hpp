#pragma once
// One thing `vigil doctor` found: which check, how serious, what, and how to fix it.
// A `problem` makes `vigil doctor` exit 1; a `note` is information only.

#include <string>
#include <vector>

namespace vigil::doctor {

enum class Severity : std::uint8_t { problem, note };

struct Finding {
    std::string check; // interfaces, sysctls, firewall, capabilities, adverts, arp
    Severity severity = Severity::problem;
    std::string message;
    std::string fix; // empty for notes
};

using Findings = std::vector<Finding>;

} // namespace vigil::doctor
