#include "simulate/flags.hpp"

#include "simulate/scenario.hpp"
#include "vrrp/tracking.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace vigil::simulate {
namespace {

using ClusterKey = std::pair<net::Family, std::uint8_t>;

struct Member {
    const Node* node;
    const vrrp::InstanceConfig* config;
};

std::string cluster_name(const ClusterKey& key) {
    return fmt::format("VRID {} ({})", key.second, net::family_name(key.first));
}

std::string vip_list(const vrrp::InstanceConfig& c) {
    std::vector<std::string> words;
    for (const vrrp::VirtualAddress& v : c.vips) {
        words.push_back(v.address.to_string());
    }
    std::sort(words.begin(), words.end());
    return words.empty() ? "none" : fmt::format("{}", fmt::join(words, " "));
}

std::string auth_text(const vrrp::InstanceConfig& c) {
    switch (c.auth_type) {
    case vrrp::AuthType::none:
        return "none";
    case vrrp::AuthType::pass:
        return "PASS " + std::string(reinterpret_cast<const char*>(c.auth_data.data()),
                                     strnlen(reinterpret_cast<const char*>(c.auth_data.data()), c.auth_data.size()));
    case vrrp::AuthType::ah:
        return "AH";
    }
    return "?";
}

std::string cast_text(const vrrp::InstanceConfig& c) {
    if (!c.unicast_peers.empty()) {
        return "unicast";
    }
    return "multicast " + c.multicast_group
                              .value_or(c.family == net::Family::ipv4 ? vrrp::vrrp_multicast_v4 : vrrp::vrrp_multicast_v6)
                              .to_string();
}

void mismatches(const ClusterKey& key, const std::vector<Member>& members, Timeline& timeline) {
    const Member& first = members.front();
    struct Field {
        const char* what;
        std::string (*text)(const vrrp::InstanceConfig&);
    };
    static constexpr Field fields[] = {
        {"version", [](const vrrp::InstanceConfig& c) { return fmt::format("VRRPv{}", static_cast<int>(c.version)); }},
        {"advert_int", [](const vrrp::InstanceConfig& c) { return format_ms(c.advert_interval) + " ms"; }},
        {"authentication", &auth_text},
        {"virtual_ipaddress", &vip_list},
        {"transport", &cast_text},
    };
    for (const Field& field : fields) {
        const std::string expected = field.text(*first.config);
        for (const Member& m : members) {
            if (m.node == first.node) {
                continue;
            }
            const std::string got = field.text(*m.config);
            if (got != expected) {
                timeline.flags.push_back(
                    {{}, {}, "mismatch",
                     fmt::format("{}: peers disagree on {}: ({}) on {} has {}, ({}) on {} has {}", cluster_name(key),
                                 field.what, first.config->name, first.node->name(), expected, m.config->name,
                                 m.node->name(), got)});
            }
        }
    }
}

struct Range {
    int lo;
    int hi;
    bool weighted;
};

Range priority_range(const vrrp::InstanceConfig& c) {
    if (c.priority == vrrp::owner_priority) {
        return {255, 255, false};
    }
    std::int64_t lo = 0;
    std::int64_t hi = 0;
    bool weighted = false;
    for (const vrrp::TrackRef& ref : c.trackers) {
        if (ref.weight == 0) {
            continue;
        }
        weighted = true;
        if (ref.kind == vrrp::TrackerKind::file) {
            lo -= 253;
            hi += 253;
            continue;
        }
        const std::int64_t w = ref.reverse == vrrp::TrackerReverse::reverse ? -ref.weight : ref.weight;
        lo += std::min<std::int64_t>(0, w);
        hi += std::max<std::int64_t>(0, w);
    }
    return {vrrp::effective_priority(c.priority, lo), vrrp::effective_priority(c.priority, hi), weighted};
}

void weights(const ClusterKey& key, const std::vector<Member>& members, Timeline& timeline) {
    for (const Member& m : members) {
        const Range mine = priority_range(*m.config);
        if (!mine.weighted) {
            continue;
        }
        bool matters = false;
        std::vector<std::string> others;
        for (const Member& p : members) {
            if (p.node == m.node) {
                continue;
            }
            const Range theirs = priority_range(*p.config);
            others.push_back(fmt::format("{} {}..{}", p.node->name(), theirs.lo, theirs.hi));
            if (!(mine.lo > theirs.hi || mine.hi < theirs.lo)) {
                matters = true;
            }
        }
        if (!matters && !others.empty()) {
            timeline.flags.push_back(
                {{}, {}, "weights",
                 fmt::format("{}: the tracking weights of ({}) on {} move its priority within {}..{}, never across "
                             "its peers' ({}): they can never change the master",
                             cluster_name(key), m.config->name, m.node->name(), mine.lo, mine.hi,
                             fmt::join(others, ", "))});
        }
    }
}

void strict_vips(const std::vector<Member>& members, Timeline& timeline) {
    for (const Member& m : members) {
        if (m.config->accept == vrrp::AcceptMode::no_accept && !m.config->vips.empty()) {
            timeline.flags.push_back(
                {{}, {}, "vip-unreachable",
                 fmt::format("({}) on {}: no accept mode (vrrp_strict without `accept`): its master drops traffic "
                             "to the VIPs {}; add `accept` if they must answer",
                             m.config->name, m.node->name(), vip_list(*m.config))});
        }
    }
}

// Two masters / none, per cluster, from the transitions.
void masters(const std::map<std::pair<std::string, std::string>, ClusterKey>& cluster_of, Timeline& timeline) {
    struct Sweep {
        std::set<std::string> masters; // "node/instance"
        bool elected = false;
        vrrp::Duration two_since{-1};
        vrrp::Duration none_since{-1};
    };
    std::map<ClusterKey, Sweep> sweeps;
    const auto close = [&](const ClusterKey& key, Sweep& s, vrrp::Duration at) {
        if (s.two_since.count() >= 0 && s.masters.size() < 2) {
            if (at > s.two_since) {
                timeline.flags.push_back({s.two_since, at, "two-masters",
                                          fmt::format("{}: two masters from {} to {} ms", cluster_name(key),
                                                      format_ms(s.two_since), format_ms(at))});
            }
            s.two_since = vrrp::Duration{-1};
        }
        if (s.none_since.count() >= 0 && !s.masters.empty()) {
            if (at > s.none_since) {
                timeline.flags.push_back({s.none_since, at, "no-master",
                                          fmt::format("{}: no master from {} to {} ms ({} ms)", cluster_name(key),
                                                      format_ms(s.none_since), format_ms(at),
                                                      format_ms(at - s.none_since))});
            }
            s.none_since = vrrp::Duration{-1};
        }
    };
    for (const Transition& t : timeline.transitions) {
        const auto found = cluster_of.find({t.node, t.instance});
        if (found == cluster_of.end()) {
            continue;
        }
        Sweep& s = sweeps[found->second];
        const std::string who = t.node + "/" + t.instance;
        if (t.to == "MASTER") {
            s.masters.insert(who);
            s.elected = true;
        } else {
            s.masters.erase(who);
        }
        close(found->second, s, t.at);
        if (s.masters.size() >= 2 && s.two_since.count() < 0) {
            s.two_since = t.at;
        }
        if (s.masters.empty() && s.elected && s.none_since.count() < 0) {
            s.none_since = t.at;
        }
    }
    for (auto& [key, s] : sweeps) {
        // Still open at the end of the run.
        if (s.two_since.count() >= 0 && timeline.end > s.two_since) {
            timeline.flags.push_back({s.two_since, timeline.end, "two-masters",
                                      fmt::format("{}: two masters from {} ms to the end", cluster_name(key),
                                                  format_ms(s.two_since))});
        }
        if (s.none_since.count() >= 0 && timeline.end > s.none_since) {
            timeline.flags.push_back({s.none_since, timeline.end, "no-master",
                                      fmt::format("{}: no master from {} ms to the end", cluster_name(key),
                                                  format_ms(s.none_since))});
        }
    }
}

} // namespace

void add_flags(const std::vector<Node>& nodes, Timeline& timeline) {
    std::map<ClusterKey, std::vector<Member>> clusters;
    std::map<std::pair<std::string, std::string>, ClusterKey> cluster_of;
    for (const Node& node : nodes) {
        for (const vrrp::InstanceConfig& c : node.engine().instances) {
            clusters[{c.family, c.vrid}].push_back({&node, &c});
            cluster_of[{node.name(), c.name}] = {c.family, c.vrid};
        }
    }
    for (const auto& [key, members] : clusters) {
        mismatches(key, members, timeline);
        weights(key, members, timeline);
        strict_vips(members, timeline);
    }
    masters(cluster_of, timeline);
    for (const Node& node : nodes) {
        for (const auto& [what, count] : node.drops()) {
            timeline.flags.push_back({{}, {}, "dropped",
                                      fmt::format("{} dropped {} advert{} {}", node.name(), count,
                                                  count == 1 ? "" : "s", what)});
        }
    }
    std::stable_sort(timeline.flags.begin(), timeline.flags.end(),
                     [](const Flag& a, const Flag& b) { return a.at < b.at; });
}

} // namespace vigil::simulate
