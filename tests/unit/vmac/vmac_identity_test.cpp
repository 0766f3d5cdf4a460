#include "vmac/vmac_identity.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace vigil::vmac;
using vigil::net::Family;

TEST_CASE("RFC 5798 section 7.3 virtual router MACs") {
    CHECK(virtual_mac(Family::ipv4, 51) == MacBytes{0x00, 0x00, 0x5e, 0x00, 0x01, 0x33});
    CHECK(virtual_mac(Family::ipv6, 52) == MacBytes{0x00, 0x00, 0x5e, 0x00, 0x02, 0x34});
}

TEST_CASE("use_vmac MAC: a 5-octet MAC gets the VRID") {
    CHECK(configured_mac("02:11:22:33:44", 82) == MacBytes{0x02, 0x11, 0x22, 0x33, 0x44, 0x52});
    CHECK(configured_mac("02:11:22:33:44:55", 82) == MacBytes{0x02, 0x11, 0x22, 0x33, 0x44, 0x55});
    CHECK_FALSE(configured_mac("02:11:22:33", 1));
    CHECK_FALSE(configured_mac("02:11:22:33:44:55:66", 1));
    CHECK_FALSE(configured_mac("02:11:zz:33:44", 1));
    CHECK_FALSE(configured_mac("02:11::33:44", 1));
}

TEST_CASE("EUI-64 link-local from the base MAC (RFC 4291 appendix A)") {
    CHECK(eui64_link_local({0xaa, 0x52, 0xb7, 0xaf, 0xda, 0x31}).to_string() == "fe80::a852:b7ff:feaf:da31");
}

TEST_CASE("VMAC names: prefix.vrid, then numbered; IPv6 tries 6 first") {
    std::set<std::string> used;
    auto taken = [&](const std::string& n) { return used.count(n) != 0; };
    CHECK(vmac_name("vrrp", 51, Family::ipv4, taken) == "vrrp.51");
    used = {"vrrp.51", "vrrp1.51"};
    CHECK(vmac_name("vrrp", 51, Family::ipv4, taken) == "vrrp2.51");
    used = {"vrrp.104"};
    CHECK(vmac_name("vrrp", 104, Family::ipv6, taken) == "vrrp6.104");
    used = {"vrrp.104", "vrrp6.104", "vrrp1.104", "vrrp2.104", "vrrp3.104", "vrrp4.104", "vrrp5.104"};
    CHECK(vmac_name("vrrp", 104, Family::ipv6, taken) == "vrrp7.104");
    used.clear();
    CHECK(vmac_name("averyveryverylongprefix", 255, Family::ipv4, taken) == "averyveryve.255");
    used = {"averyveryve.255"};
    CHECK(vmac_name("averyveryverylongprefix", 255, Family::ipv4, taken) == "averyveryv1.255");
}
