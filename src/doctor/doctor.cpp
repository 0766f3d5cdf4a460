#include "doctor/doctor.hpp"

#include "doctor/checks.hpp"
#include "parser/load_config.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <memory>

namespace vigil::doctor {
namespace {

std::uint64_t effective_capabilities() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("CapEff:")) {
            return std::stoull(line.substr(7), nullptr, 16);
        }
    }
    return 0;
}

// The standard output of a shell COMMAND (stderr discarded), or nullopt when it cannot be run.
std::optional<std::string> output_of(const char* command) {
    const std::unique_ptr<FILE, int (*)(FILE*)> pipe{::popen(command, "r"), &::pclose};
    if (!pipe) {
        return std::nullopt;
    }
    std::string text;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0) {
        text.append(buffer, n);
    }
    return text;
}

// Whether this namespace has x_tables tables of a family loaded (NAMES is
// /proc/net/ip_tables_names or ip6_tables_names): only then is there an iptables-legacy
// ruleset to read, and reading it loads no module.
bool has_legacy_tables(const char* names) {
    std::ifstream in(names);
    std::string table;
    return static_cast<bool>(in >> table);
}

} // namespace

Result run(const Options& options) {
    Result result;
    parser::LoadOptions load;
    load.preprocess_.config_id = options.config_id;
    const parser::LoadResult loaded = parser::load_config_file(options.config, load);
    for (const parser::Diagnostic& d : loaded.diagnostics_.all()) {
        if (d.severity != parser::Severity::warning) {
            result.findings.push_back({"config", Severity::problem, parser::format_gnu(d), "correct the configuration"});
        }
    }
    const std::vector<InstanceView> instances = instances_of(loaded.config_);
    if (instances.empty()) {
        result.findings.push_back({"config", Severity::problem,
                                   fmt::format("{}: no vrrp_instance to check", options.config.string()),
                                   "give the configuration with -f FILE"});
        return result;
    }
    result.loaded = true;
    const Host host = read_host();
    check_interfaces(instances, host, result.findings);
    check_sysctls(instances, &read_sysctl, result.findings);
    if (const std::optional<std::string> ruleset = output_of("nft list ruleset 2>/dev/null")) {
        check_firewall(instances, *ruleset, result.findings);
    }
    for (const auto& [names, command] : {std::pair{"/proc/net/ip_tables_names", "iptables-legacy-save"},
                                         std::pair{"/proc/net/ip6_tables_names", "ip6tables-legacy-save"}}) {
        if (!has_legacy_tables(names)) {
            continue;
        }
        if (const std::optional<std::string> saved = output_of(fmt::format("{} 2>/dev/null", command).c_str())) {
            check_iptables(instances, *saved, command, result.findings);
        }
    }
    if (!check_capabilities(effective_capabilities(), result.findings) || options.listen.count() <= 0) {
        return result;
    }
    const std::vector<HeardAdvert> heard = listen_adverts(instances, host, options.listen);
    check_adverts(instances, heard, options.listen, result.findings);
    std::vector<ArpAnswer> answers = probe_vips(instances, host, std::chrono::milliseconds{300});
    const std::vector<ArpAnswer> answers6 = probe_vips6(instances, host, std::chrono::milliseconds{300});
    answers.insert(answers.end(), answers6.begin(), answers6.end());
    check_arp(instances, answers, heard, host, result.findings);
    for (const HeardAdvert& h : heard) {
        result.heard.push_back(fmt::format("{} {} {} ({}): VRID {} VRRPv{} priority {} every {} ms, {} advert{}",
                                           h.interface, h.outgoing ? "sent by this host" : "from",
                                           h.source.to_string(), mac_text(h.mac), h.vrid, h.version, h.priority,
                                           h.interval.count() / 1000, h.count, h.count == 1 ? "" : "s"));
    }
    return result;
}

} // namespace vigil::doctor
