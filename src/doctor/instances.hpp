#pragma once
// What the checks need to know about each vrrp_instance of the configuration, read from the
// model the real parser built (config::Config after keepalived's derivations).

#include "config/model.hpp"
#include "net/ip_address.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::doctor {

struct InstanceView {
    std::string name;
    std::string interface;          // the instance's interface
    std::vector<std::string> tracked_interfaces;
    std::uint8_t vrid = 0;
    net::Family family = net::Family::ipv4;
    std::uint8_t version = 2;
    std::uint8_t priority = 100;
    std::chrono::microseconds advert_interval{1'000'000};
    std::uint8_t auth_type = 0;     // 0 none, 1 PASS, 2 AH (VRRPv2)
    std::string auth_pass;          // PASS: up to 8 bytes
    std::vector<net::IpAddress> vips;
    std::optional<net::IpAddress> source; // unicast_src_ip / mcast_src_ip
    std::vector<net::IpAddress> unicast_peers;
    bool use_vmac = false;
    std::string vmac_interface;     // use_vmac: vrrp.VRID unless named
    bool strict = false;
};

std::vector<InstanceView> instances_of(const config::Config& config);

} // namespace vigil::doctor
