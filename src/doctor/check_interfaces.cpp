#include "doctor/checks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::doctor {

void check_interfaces(std::span<const InstanceView> instances, const Host& host, Findings& out) {
    const auto exists = [&](const InstanceView& v, const std::string& name, const char* what) {
        const HostInterface* itf = host.find(name);
        if (itf == nullptr) {
            out.push_back({"interfaces", Severity::problem,
                           fmt::format("({}): {} {} does not exist", v.name, what, name),
                           fmt::format("create {} or correct the configuration", name)});
            return itf;
        }
        if (!itf->up) {
            out.push_back({"interfaces", Severity::problem,
                           fmt::format("({}): {} {} is down: the instance stays in FAULT", v.name, what, name),
                           fmt::format("ip link set {} up", name)});
        }
        return itf;
    };
    for (const InstanceView& v : instances) {
        const HostInterface* itf = v.interface.empty() ? nullptr : exists(v, v.interface, "interface");
        for (const std::string& tracked : v.tracked_interfaces) {
            exists(v, tracked, "tracked interface");
        }
        if (v.source) {
            if (!host.owns(*v.source)) {
                out.push_back({"interfaces", Severity::problem,
                               fmt::format("({}): source address {} (unicast_src_ip/mcast_src_ip) is not an "
                                           "address of this host",
                                           v.name, v.source->to_string()),
                               "add the address or correct unicast_src_ip/mcast_src_ip"});
            }
        } else if (itf != nullptr && v.family == net::Family::ipv4 &&
                   std::none_of(itf->addresses.begin(), itf->addresses.end(),
                                [](const net::IpAddress& a) { return a.is_v4(); })) {
            out.push_back({"interfaces", Severity::problem,
                           fmt::format("({}): {} has no IPv4 address: the instance stays in FAULT "
                                       "(\"no IPv4 address for interface\")",
                                       v.name, v.interface),
                           fmt::format("add an address to {} or set unicast_src_ip/mcast_src_ip", v.interface)});
        }
        for (const net::IpAddress& vip : v.vips) {
            if (host.owns(vip)) {
                out.push_back({"interfaces", Severity::note,
                               fmt::format("({}): VIP {} is configured on this host now", v.name, vip.to_string()),
                               {}});
            }
        }
    }
}

} // namespace vigil::doctor
