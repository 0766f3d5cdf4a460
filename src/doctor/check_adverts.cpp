#include "doctor/checks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::doctor {
namespace {

std::string list(const std::vector<net::IpAddress>& addresses) {
    std::vector<std::string> words;
    for (const net::IpAddress& a : addresses) {
        words.push_back(a.to_string());
    }
    std::sort(words.begin(), words.end());
    return words.empty() ? "none" : fmt::format("{}", fmt::join(words, " "));
}

std::string ms(std::chrono::microseconds d) { return fmt::format("{} ms", d.count() / 1000); }

} // namespace

void check_adverts(std::span<const InstanceView> instances, std::span<const HeardAdvert> heard,
                   std::chrono::milliseconds listened, Findings& out) {
    for (const InstanceView& v : instances) {
        bool anyone = false;
        for (const HeardAdvert& h : heard) {
            const bool same_link = h.interface == v.interface || (v.use_vmac && h.interface == v.vmac_interface);
            if (!same_link || h.vrid != v.vrid || h.source.family() != v.family) {
                continue;
            }
            anyone = true;
            if (h.outgoing) {
                continue; // our own daemon
            }
            const std::string who = fmt::format("{} ({})", h.source.to_string(), mac_text(h.mac));
            if (list(h.addresses) != list(v.vips)) {
                out.push_back({"adverts", Severity::problem,
                               fmt::format("({}): VRID {} on {} is also used by {} advertising {} (ours: {}): "
                                           "another cluster on this segment",
                                           v.name, v.vrid, v.interface, who, list(h.addresses), list(v.vips)),
                               "give one of the clusters another virtual_router_id"});
                continue;
            }
            if (h.version != v.version) {
                out.push_back({"adverts", Severity::problem,
                               fmt::format("({}): peer {} speaks VRRPv{}, we VRRPv{}", v.name, who, h.version,
                                           v.version),
                               "use the same vrrp_version / version on every peer"});
            } else if (h.interval != v.advert_interval) {
                out.push_back({"adverts", Severity::problem,
                               fmt::format("({}): peer {} advertises every {}, we every {}", v.name, who,
                                           ms(h.interval), ms(v.advert_interval)),
                               "use the same advert_int on every peer"});
            }
            if (v.version == 2 && (h.auth_type != v.auth_type || (v.auth_type == 1 && h.auth_pass != v.auth_pass))) {
                out.push_back({"adverts", Severity::problem,
                               fmt::format("({}): peer {} uses other authentication (type {}, ours {})", v.name,
                                           who, h.auth_type, v.auth_type),
                               "use the same authentication block on every peer"});
            }
            if (h.priority == v.priority && h.priority != 0) {
                out.push_back({"adverts", Severity::note,
                               fmt::format("({}): peer {} has our priority {}: the higher IP address wins", v.name,
                                           who, v.priority),
                               {}});
            }
        }
        if (!anyone && !v.interface.empty()) {
            out.push_back({"adverts", Severity::problem,
                           fmt::format("({}): no advert for VRID {} heard on {} in {} s: no master on the segment "
                                       "(the peers are down, or multicast 224.0.0.18 is filtered by a switch or "
                                       "firewall)",
                                       v.name, v.vrid, v.interface, listened.count() / 1000.0),
                           "start the peers; check IGMP snooping and firewalls between them (or use "
                           "unicast_peer)"});
        }
    }
}

} // namespace vigil::doctor
