#include "doctor/checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace vigil::doctor {
namespace {

int value_of(const SysctlReader& read, const std::string& path) {
    const std::optional<std::string> text = read(path);
    int value = 0;
    if (text) {
        std::from_chars(text->data(), text->data() + text->size(), value);
    }
    return value;
}

} // namespace

void check_sysctls(std::span<const InstanceView> instances, const SysctlReader& read, Findings& out) {
    std::set<std::string> reported;
    const auto once = [&](const std::string& key) { return reported.insert(key).second; };
    for (const InstanceView& v : instances) {
        if (v.interface.empty()) {
            continue;
        }
        if (v.use_vmac && v.family == net::Family::ipv4) {
            // The kernel uses max(conf/all, conf/IF): keepalived sets rp_filter 0 on the VMAC
            // interface, which a strict `all` overrides.
            const int all = value_of(read, "ipv4/conf/all/rp_filter");
            if (all == 1 && once("rp_filter/all")) {
                out.push_back({"sysctls", Severity::problem,
                               fmt::format("({}): net.ipv4.conf.all.rp_filter=1 with use_vmac: the kernel applies "
                                           "the maximum of `all` and {}'s own 0, so strict reverse-path "
                                           "filtering drops traffic to the VIPs arriving on the VMAC interface",
                                           v.name, v.vmac_interface),
                               "sysctl -w net.ipv4.conf.all.rp_filter=0 (or 2, loose) and keep "
                               "net.ipv4.conf." + v.interface + ".rp_filter at 0 or 2"});
            }
            const int base = value_of(read, "ipv4/conf/" + v.interface + "/rp_filter");
            if (base == 1 && once("rp_filter/" + v.interface)) {
                out.push_back({"sysctls", Severity::problem,
                               fmt::format("({}): net.ipv4.conf.{}.rp_filter=1 with use_vmac: replies to the VIPs "
                                           "are routed over {} while the VIPs live on {}",
                                           v.name, v.interface, v.interface, v.vmac_interface),
                               fmt::format("sysctl -w net.ipv4.conf.{}.rp_filter=2", v.interface)});
            }
        }
        if (v.use_vmac && v.family == net::Family::ipv4 && read("ipv4/conf/" + v.vmac_interface + "/accept_local")) {
            // The VMAC interface exists (a daemon runs, or ran): keepalived sets accept_local
            // 1 there, or the adverts of another instance on this host, whose source is one of
            // our addresses, are dropped as martians. The kernel ORs `all` and the interface.
            const int local = std::max(value_of(read, "ipv4/conf/all/accept_local"),
                                       value_of(read, "ipv4/conf/" + v.vmac_interface + "/accept_local"));
            if (local == 0 && once("accept_local/" + v.vmac_interface)) {
                out.push_back({"sysctls", Severity::problem,
                               fmt::format("({}): net.ipv4.conf.{}.accept_local=0 on the VMAC interface: adverts "
                                           "with a source address of this host (another instance here) are "
                                           "dropped as martians",
                                           v.name, v.vmac_interface),
                               fmt::format("sysctl -w net.ipv4.conf.{}.accept_local=1", v.vmac_interface)});
            }
        }
        if (v.family == net::Family::ipv4 && !v.vips.empty()) {
            const int ignore = std::max(value_of(read, "ipv4/conf/all/arp_ignore"),
                                        value_of(read, "ipv4/conf/" + v.interface + "/arp_ignore"));
            if (ignore >= 8 && once("arp_ignore/" + v.interface)) {
                out.push_back({"sysctls", Severity::problem,
                               fmt::format("({}): arp_ignore={} on {}: the kernel answers no ARP request, the "
                                           "VIPs are unreachable",
                                           v.name, ignore, v.interface),
                               fmt::format("sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.{}.arp_ignore=1",
                                           v.interface)});
            }
        }
        const bool v6_vips = std::any_of(v.vips.begin(), v.vips.end(), [](const net::IpAddress& a) { return a.is_v6(); });
        if (v6_vips) {
            const int dad = std::max(value_of(read, "ipv6/conf/all/accept_dad"),
                                     value_of(read, "ipv6/conf/" + v.interface + "/accept_dad"));
            if (dad > 0 && once("accept_dad/" + v.interface)) {
                out.push_back({"sysctls", Severity::note,
                               fmt::format("({}): accept_dad={} on {}: IPv6 VIPs without -nodad are tentative for "
                                           "about a second after each takeover",
                                           v.name, dad, v.interface),
                               {}});
            }
        }
    }
}

} // namespace vigil::doctor
