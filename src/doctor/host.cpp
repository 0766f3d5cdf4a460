#include "doctor/host.hpp"

#include <fmt/format.h>

#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <fstream>
#include <memory>

namespace vigil::doctor {

std::string mac_text(const Mac& mac) {
    return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

const HostInterface* Host::find(std::string_view name) const noexcept {
    const auto found = std::find_if(interfaces.begin(), interfaces.end(),
                                    [&](const HostInterface& i) { return i.name == name; });
    return found == interfaces.end() ? nullptr : &*found;
}

bool Host::owns(const net::IpAddress& address) const noexcept {
    return std::any_of(interfaces.begin(), interfaces.end(), [&](const HostInterface& i) {
        return std::find(i.addresses.begin(), i.addresses.end(), address) != i.addresses.end();
    });
}

bool Host::has_mac(const Mac& mac) const noexcept {
    return std::any_of(interfaces.begin(), interfaces.end(), [&](const HostInterface& i) { return i.mac == mac; });
}

Host read_host() {
    Host host;
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) {
        return host;
    }
    const std::unique_ptr<ifaddrs, decltype(&::freeifaddrs)> owner{list, &::freeifaddrs};
    const auto entry = [&](const char* name) -> HostInterface& {
        for (HostInterface& i : host.interfaces) {
            if (i.name == name) {
                return i;
            }
        }
        HostInterface& i = host.interfaces.emplace_back();
        i.name = name;
        i.index = ::if_nametoindex(name);
        return i;
    };
    for (const ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
        HostInterface& i = entry(a->ifa_name);
        i.up = i.up || (a->ifa_flags & IFF_UP) != 0;
        if (a->ifa_addr == nullptr) {
            continue;
        }
        switch (a->ifa_addr->sa_family) {
        case AF_PACKET: {
            const auto* ll = reinterpret_cast<const sockaddr_ll*>(a->ifa_addr);
            if (ll->sll_halen == 6) {
                std::copy_n(ll->sll_addr, 6, i.mac.begin());
            }
            break;
        }
        case AF_INET: {
            const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
            i.addresses.push_back(net::IpAddress::from_bytes(
                net::Family::ipv4, std::as_bytes(std::span{&in->sin_addr, 1})));
            break;
        }
        case AF_INET6: {
            const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr);
            i.addresses.push_back(net::IpAddress::from_bytes(
                net::Family::ipv6, std::as_bytes(std::span{&in6->sin6_addr, 1})));
            break;
        }
        default:
            break;
        }
    }
    return host;
}

std::optional<std::string> read_sysctl(const std::string& path) {
    std::ifstream in("/proc/sys/net/" + path);
    std::string value;
    if (!in || !std::getline(in, value)) {
        return std::nullopt;
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\n')) {
        value.pop_back();
    }
    return value;
}

} // namespace vigil::doctor
