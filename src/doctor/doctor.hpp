#pragma once
// `vigil doctor`: every check on this host for one configuration, in order (interfaces,
// sysctls, firewall, capabilities, then - with CAP_NET_RAW and listen > 0 - the adverts heard
// and the VIPs' ARP answers). Works with or without a daemon running beside it.

#include "doctor/finding.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace vigil::doctor {

struct Options {
    std::filesystem::path config = "/etc/keepalived/keepalived.conf";
    std::optional<std::string> config_id;
    std::chrono::milliseconds listen{3000};
};

struct Result {
    Findings findings;
    std::vector<std::string> heard; // one line per advert source heard (for the report)
    bool loaded = false;            // false: the configuration could not be read
};

Result run(const Options& options);

// Text for people: problems with their fix, then notes, then what was heard.
std::string text_report(const Result& result);
// {"problems": N, "findings": [{"check", "severity", "message", "fix"}...], "heard": [...]}
std::string json_report(const Result& result);

} // namespace vigil::doctor
