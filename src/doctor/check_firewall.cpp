#include "doctor/checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace vigil::doctor {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

bool has_word(std::string_view text, std::string_view word) {
    std::size_t at = 0;
    while ((at = text.find(word, at)) != std::string_view::npos) {
        const bool start = at == 0 || text[at - 1] == ' ';
        const bool end = at + word.size() == text.size() || text[at + word.size()] == ' ';
        if (start && end) {
            return true;
        }
        at += word.size();
    }
    return false;
}

bool drops(std::string_view rule) { return has_word(rule, "drop") || has_word(rule, "reject"); }

// Whether a rule matches VRRP (or AH) packets only, as nft prints them.
bool matches_vrrp(std::string_view rule) {
    for (const std::string_view m : {"ip protocol vrrp", "ip protocol 112", "meta l4proto vrrp", "meta l4proto 112",
                                     "ip6 nexthdr vrrp", "ip6 nexthdr 112", "ip protocol ah", "ip protocol 51",
                                     "ip protocol { "}) {
        if (rule.find(m) != std::string_view::npos) {
            if (m == "ip protocol { ") {
                return rule.find("vrrp") != std::string_view::npos || rule.find("112") != std::string_view::npos;
            }
            return true;
        }
    }
    return false;
}

// A rule with no match at all (a verdict, maybe with counter/log).
bool unconditional(std::string_view rule) {
    std::string_view rest = rule;
    while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        const std::string_view w = rest.substr(0, space);
        const bool neutral = w == "counter" || w == "packets" || w == "bytes" || w == "log" || w == "drop" ||
                             w == "reject" || w == "accept" || w == "with" || w == "icmp" || w == "icmpx" ||
                             w == "type" || w == "port-unreachable" || w == "admin-prohibited" ||
                             w == "host-unreachable" || w == "prefix" ||
                             (!w.empty() && (std::isdigit(static_cast<unsigned char>(w.front())) != 0 || w.front() == '"'));
        if (!neutral) {
            return false;
        }
        rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    }
    return true;
}

} // namespace

void check_firewall(std::span<const InstanceView> instances, std::string_view ruleset, Findings& out) {
    std::string table;
    std::string chain;
    bool hooked = false;     // input or prerouting filter hook
    bool vrrp_accepted = false;
    bool policy_drop = false;
    int depth = 0;
    const auto end_chain = [&] {
        if (hooked && policy_drop && !vrrp_accepted) {
            out.push_back({"firewall", Severity::problem,
                           fmt::format("nftables chain {} {} has policy drop and no rule accepting VRRP "
                                       "(IP protocol 112): adverts never reach the daemon",
                                       table, chain),
                           fmt::format("nft insert rule {} {} ip protocol vrrp accept", table, chain)});
        }
        hooked = false;
        vrrp_accepted = false;
        policy_drop = false;
        chain.clear();
    };
    while (!ruleset.empty()) {
        const std::size_t nl = ruleset.find('\n');
        const std::string_view line = trim(ruleset.substr(0, nl));
        ruleset = nl == std::string_view::npos ? std::string_view{} : ruleset.substr(nl + 1);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (line.starts_with("table ") && line.ends_with("{")) {
            table = std::string{trim(line.substr(6, line.size() - 7))};
            depth = 1;
            continue;
        }
        if (line.starts_with("chain ") && line.ends_with("{")) {
            chain = std::string{trim(line.substr(6, line.size() - 7))};
            depth = 2;
            continue;
        }
        if (line.ends_with("{")) {
            ++depth; // set, map, flowtable ...
            continue;
        }
        if (line == "}") {
            if (depth == 2 && !chain.empty()) {
                end_chain();
            }
            --depth;
            continue;
        }
        if (depth != 2 || chain.empty() || table.ends_with(" keepalived")) {
            continue;
        }
        if (line.starts_with("type ")) {
            hooked = line.find("hook input") != std::string_view::npos ||
                     line.find("hook prerouting") != std::string_view::npos;
            policy_drop = line.find("policy drop") != std::string_view::npos;
            continue;
        }
        if (!hooked) {
            continue;
        }
        if (matches_vrrp(line) && has_word(line, "accept")) {
            vrrp_accepted = true;
        } else if (!vrrp_accepted && drops(line) && (matches_vrrp(line) || unconditional(line))) {
            out.push_back({"firewall", Severity::problem,
                           fmt::format("nftables {} chain {} drops VRRP adverts (IP protocol 112): \"{}\"", table,
                                       chain, line),
                           fmt::format("accept VRRP before it: nft insert rule {} {} ip protocol vrrp accept", table,
                                       chain)});
        }
        for (const InstanceView& v : instances) {
            for (const net::IpAddress& vip : v.vips) {
                const std::string address = vip.to_string();
                if (drops(line) && (line.find("daddr " + address + " ") != std::string_view::npos ||
                                    line.ends_with("daddr " + address))) {
                    out.push_back({"firewall", Severity::problem,
                                   fmt::format("({}): nftables {} chain {} drops traffic to the VIP {}: \"{}\"",
                                               v.name, table, chain, address, line),
                                   "remove the rule or accept the VIP's service before it"});
                }
            }
        }
    }
}

} // namespace vigil::doctor
