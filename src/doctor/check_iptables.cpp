// iptables-legacy rules (the x_tables ruleset that `nft list ruleset` does not show): the
// text of `iptables-legacy-save` / `ip6tables-legacy-save`. Rules made with iptables-nft
// are nftables rules and check_firewall.cpp reads them.
#include "doctor/checks.hpp"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace vigil::doctor {
namespace {

std::vector<std::string_view> words_of(std::string_view line) {
    std::vector<std::string_view> words;
    while (!line.empty()) {
        const std::size_t start = line.find_first_not_of(' ');
        if (start == std::string_view::npos) {
            break;
        }
        line.remove_prefix(start);
        const std::size_t end = line.find(' ');
        words.push_back(line.substr(0, end));
        line = end == std::string_view::npos ? std::string_view{} : line.substr(end);
    }
    return words;
}

// The value after OPTION (the first of `-p`, `--protocol`...), or empty.
std::string_view option(const std::vector<std::string_view>& words, std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == a || words[i] == b) {
            return words[i + 1];
        }
    }
    return {};
}

bool is_vrrp(std::string_view protocol) { return protocol == "vrrp" || protocol == "112"; }
bool is_drop(std::string_view target) { return target == "DROP" || target == "REJECT"; }

// A rule with no match but its target (and comments, counters, logging limits).
bool unconditional(const std::vector<std::string_view>& words) {
    for (std::size_t i = 2; i < words.size(); ++i) { // after "-A CHAIN"
        const std::string_view w = words[i];
        if (w == "-j" || w == "--jump" || w == "-m" || w == "--comment" || w == "--reject-with" || w == "comment") {
            ++i;
            continue;
        }
        if (!w.starts_with('"') && !w.ends_with('"')) {
            return false;
        }
    }
    return true;
}

} // namespace

void check_iptables(std::span<const InstanceView> instances, std::string_view save_text, std::string_view command,
                    Findings& out) {
    std::string table;
    std::map<std::string, bool, std::less<>> policy_drop; // INPUT / PREROUTING of this table
    std::map<std::string, bool, std::less<>> vrrp_accepted;
    const auto end_table = [&] {
        for (const auto& [chain, dropping] : policy_drop) {
            if (dropping && !vrrp_accepted[chain]) {
                out.push_back({"firewall", Severity::problem,
                               fmt::format("{}: table {} chain {} has policy DROP and no rule accepting VRRP (IP "
                                           "protocol 112): adverts never reach the daemon",
                                           command, table, chain),
                               fmt::format("iptables-legacy -t {} -I {} -p vrrp -j ACCEPT", table, chain)});
            }
        }
        policy_drop.clear();
        vrrp_accepted.clear();
    };
    while (!save_text.empty()) {
        const std::size_t nl = save_text.find('\n');
        std::string_view line = save_text.substr(0, nl);
        save_text = nl == std::string_view::npos ? std::string_view{} : save_text.substr(nl + 1);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.starts_with('*')) {
            table = std::string{line.substr(1)};
            continue;
        }
        if (line == "COMMIT") {
            end_table();
            continue;
        }
        const std::vector<std::string_view> words = words_of(line);
        if (words.size() >= 2 && words[0].starts_with(':')) {
            const std::string_view chain = words[0].substr(1);
            if (chain == "INPUT" || chain == "PREROUTING") {
                policy_drop[std::string{chain}] = words[1] == "DROP";
            }
            continue;
        }
        if (words.size() < 4 || words[0] != "-A" || (words[1] != "INPUT" && words[1] != "PREROUTING")) {
            continue; // user chains are judged where they are jumped to: not followed here
        }
        const std::string_view chain = words[1];
        const std::string_view target = option(words, "-j", "--jump");
        const bool vrrp = is_vrrp(option(words, "-p", "--protocol"));
        if (vrrp && target == "ACCEPT") {
            vrrp_accepted[std::string{chain}] = true;
            continue;
        }
        if (!is_drop(target)) {
            continue;
        }
        if (!vrrp_accepted[std::string{chain}] && (vrrp || unconditional(words))) {
            out.push_back({"firewall", Severity::problem,
                           fmt::format("{}: table {} chain {} drops VRRP adverts (IP protocol 112): \"{}\"", command,
                                       table, chain, line),
                           fmt::format("accept VRRP before it: iptables-legacy -t {} -I {} -p vrrp -j ACCEPT", table,
                                       chain)});
        }
        const std::string_view destination = option(words, "-d", "--destination");
        for (const InstanceView& v : instances) {
            for (const net::IpAddress& vip : v.vips) {
                const std::string address = vip.to_string();
                if (destination == address || destination == address + (vip.is_v4() ? "/32" : "/128")) {
                    out.push_back({"firewall", Severity::problem,
                                   fmt::format("({}): {}: table {} chain {} drops traffic to the VIP {}: \"{}\"",
                                               v.name, command, table, chain, address, line),
                                   "remove the rule or accept the VIP's service before it"});
                }
            }
        }
    }
}

} // namespace vigil::doctor
