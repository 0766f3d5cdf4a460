// The pure analyses of vigil doctor, each fed the planted problem as a value.
#include "doctor/checks.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace vigil::doctor;
using vigil::net::IpAddress;

namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

InstanceView instance() {
    InstanceView v;
    v.name = "VI_1";
    v.interface = "eth0";
    v.vrid = 51;
    v.priority = 100;
    v.vips = {ip("192.0.2.100")};
    return v;
}

Host host() {
    Host h;
    h.interfaces.push_back({"eth0", 2, true, {2, 0, 0x5e, 0x10, 0, 1}, {ip("192.0.2.1")}});
    return h;
}

bool has(const Findings& f, const std::string& check, const std::string& text) {
    return std::any_of(f.begin(), f.end(), [&](const Finding& x) {
        return x.check == check && x.severity == Severity::problem && x.message.find(text) != std::string::npos;
    });
}

// A SysctlReader over VALUES (read at each call: the test may change them).
SysctlReader reader_of(const std::map<std::string, std::string>& values) {
    return [&values](const std::string& path) -> std::optional<std::string> {
        const auto found = values.find(path);
        return found == values.end() ? std::nullopt : std::optional{found->second};
    };
}

} // namespace

TEST_CASE("firewall: a drop of protocol 112, a policy drop, an accept first, keepalived's own table") {
    const std::vector<InstanceView> v{instance()};
    Findings f;
    check_firewall(v, "table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n"
                      "\t\tip protocol vrrp counter packets 3 bytes 120 drop\n\t}\n}\n", f);
    CHECK(has(f, "firewall", "drops VRRP adverts"));

    f.clear();
    check_firewall(v, "table ip t {\n chain in {\n  type filter hook input priority 0; policy drop;\n"
                      "  ct state established accept\n }\n}\n", f);
    CHECK(has(f, "firewall", "policy drop and no rule accepting VRRP"));

    f.clear();
    check_firewall(v, "table ip t {\n chain in {\n  type filter hook input priority 0; policy drop;\n"
                      "  ip protocol vrrp accept\n  drop\n }\n}\n", f);
    CHECK(f.empty());

    f.clear();
    check_firewall(v, "table inet keepalived {\n chain in {\n  type filter hook prerouting priority -1; policy accept;\n"
                      "  ip daddr 192.0.2.100 drop\n }\n}\ntable ip t {\n chain out {\n"
                      "  type filter hook output priority 0; policy accept;\n  drop\n }\n}\n", f);
    CHECK(f.empty()); // keepalived's own table; an output chain

    f.clear();
    check_firewall(v, "table ip t {\n chain in {\n  type filter hook input priority 0; policy accept;\n"
                      "  ip daddr 192.0.2.100 tcp dport 80 drop\n }\n}\n", f);
    CHECK(has(f, "firewall", "drops traffic to the VIP 192.0.2.100"));
}

TEST_CASE("sysctls: rp_filter with VMAC, arp_ignore 8") {
    InstanceView v = instance();
    v.use_vmac = true;
    v.vmac_interface = "vrrp.51";
    std::map<std::string, std::string> values{{"ipv4/conf/all/rp_filter", "1"}, {"ipv4/conf/eth0/arp_ignore", "8"}};
    const SysctlReader read = reader_of(values);
    Findings f;
    check_sysctls(std::vector{v}, read, f);
    CHECK(has(f, "sysctls", "rp_filter=1 with use_vmac"));
    CHECK(has(f, "sysctls", "arp_ignore=8"));

    values = {{"ipv4/conf/all/rp_filter", "2"}};
    f.clear();
    check_sysctls(std::vector{v}, read, f);
    CHECK(f.empty());
}

TEST_CASE("interfaces: missing, down, without an IPv4 address, a foreign source address") {
    InstanceView v = instance();
    v.tracked_interfaces = {"eth9"};
    Host h = host();
    Findings f;
    check_interfaces(std::vector{v}, h, f);
    CHECK(has(f, "interfaces", "tracked interface eth9 does not exist"));
    h.interfaces[0].up = false;
    h.interfaces[0].addresses.clear();
    f.clear();
    v.tracked_interfaces.clear();
    check_interfaces(std::vector{v}, h, f);
    CHECK(has(f, "interfaces", "interface eth0 is down"));
    CHECK(has(f, "interfaces", "has no IPv4 address"));
    v.source = ip("198.51.100.7");
    f.clear();
    check_interfaces(std::vector{v}, host(), f);
    CHECK(has(f, "interfaces", "198.51.100.7"));
}

TEST_CASE("adverts: another cluster on our VRID, a different interval, nobody at all, our own") {
    const std::vector<InstanceView> v{instance()};
    HeardAdvert peer;
    peer.interface = "eth0";
    peer.source = ip("192.0.2.2");
    peer.vrid = 51;
    peer.priority = 90;
    peer.interval = std::chrono::seconds{1};
    peer.addresses = {ip("192.0.2.100")};
    Findings f;
    check_adverts(v, std::vector{peer}, std::chrono::seconds{3}, f);
    CHECK(f.empty());

    HeardAdvert foreign = peer;
    foreign.addresses = {ip("192.0.2.200")};
    HeardAdvert slow = peer;
    slow.source = ip("192.0.2.3");
    slow.interval = std::chrono::seconds{2};
    check_adverts(v, std::vector{foreign, slow}, std::chrono::seconds{3}, f);
    CHECK(has(f, "adverts", "another cluster"));
    CHECK(has(f, "adverts", "advertises every 2000 ms, we every 1000 ms"));

    f.clear();
    check_adverts(v, {}, std::chrono::seconds{3}, f);
    CHECK(has(f, "adverts", "no advert for VRID 51 heard on eth0"));

    HeardAdvert own = peer;
    own.outgoing = true;
    own.addresses = {ip("192.0.2.7")};
    f.clear();
    check_adverts(v, std::vector{own}, std::chrono::seconds{3}, f);
    CHECK(f.empty()); // we are the master: backups are silent
}

TEST_CASE("arp: a VIP answered by a MAC that is no VRRP router of the VRID") {
    const std::vector<InstanceView> v{instance()};
    HeardAdvert peer;
    peer.vrid = 51;
    peer.mac = {2, 0, 0x5e, 0x10, 0, 2};
    const ArpAnswer from_peer{ip("192.0.2.100"), peer.mac};
    const ArpAnswer from_vmac{ip("192.0.2.100"), {0, 0, 0x5e, 0, 1, 51}};
    const ArpAnswer stranger{ip("192.0.2.100"), {2, 0, 0, 0, 0, 9}};
    Findings f;
    check_arp(v, std::vector{from_peer, from_vmac}, std::vector{peer}, host(), f);
    CHECK(f.empty());
    check_arp(v, std::vector{stranger}, std::vector{peer}, host(), f);
    CHECK(has(f, "arp", "answered by MAC 02:00:00:00:00:09"));
}

TEST_CASE("capabilities: CAP_NET_RAW is needed for the network checks") {
    Findings f;
    CHECK_FALSE(check_capabilities(0, f));
    CHECK(has(f, "capabilities", "CAP_NET_RAW"));
    f.clear();
    CHECK(check_capabilities((1ULL << 12) | (1ULL << 13), f));
    CHECK(f.empty());
}

TEST_CASE("iptables-legacy: a drop of protocol 112, a policy DROP, an accept first, a drop of a VIP") {
    const std::vector<InstanceView> v{instance()};
    Findings f;
    check_iptables(v, "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n-A INPUT -p vrrp -j DROP\nCOMMIT\n",
                   "iptables-legacy-save", f);
    CHECK(has(f, "firewall", "iptables-legacy-save: table filter chain INPUT drops VRRP adverts"));
    f.clear();
    check_iptables(v, "*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -m comment --comment \"all\" -j DROP\nCOMMIT\n",
                   "iptables-legacy-save", f);
    CHECK(has(f, "firewall", "table raw chain PREROUTING drops VRRP adverts"));
    f.clear();
    check_iptables(v, "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n",
                   "iptables-legacy-save", f);
    CHECK(has(f, "firewall", "policy DROP and no rule accepting VRRP"));
    f.clear();
    check_iptables(v,
                   "*filter\n:INPUT DROP [0:0]\n-A INPUT -p vrrp -j ACCEPT\n-A INPUT -j REJECT --reject-with "
                   "icmp-port-unreachable\nCOMMIT\n",
                   "iptables-legacy-save", f);
    CHECK(f.empty());
    check_iptables(v, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -j DROP\n-A OUTPUT -p vrrp -j DROP\nCOMMIT\n",
                   "iptables-legacy-save", f);
    CHECK(f.empty());
    check_iptables(v, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -d 192.0.2.100/32 -p tcp -j DROP\nCOMMIT\n",
                   "iptables-legacy-save", f);
    CHECK(has(f, "firewall", "drops traffic to the VIP 192.0.2.100"));
}

TEST_CASE("sysctls: accept_local 0 on a VMAC interface that exists") {
    InstanceView v = instance();
    v.use_vmac = true;
    v.vmac_interface = "vrrp.51";
    std::map<std::string, std::string> values{{"ipv4/conf/vrrp.51/accept_local", "0"}};
    const SysctlReader read = reader_of(values);
    Findings f;
    check_sysctls(std::vector{v}, read, f);
    CHECK(has(f, "sysctls", "net.ipv4.conf.vrrp.51.accept_local=0 on the VMAC interface"));
    values["ipv4/conf/all/accept_local"] = "1";
    f.clear();
    check_sysctls(std::vector{v}, read, f);
    CHECK(f.empty());
    values = {}; // no VMAC interface (no daemon): nothing to judge
    check_sysctls(std::vector{v}, read, f);
    CHECK(f.empty());
}

TEST_CASE("arp: an IPv6 VIP's Neighbor Advertisements (the IPv6 virtual MAC is 00-00-5E-00-02-VRID)") {
    InstanceView v = instance();
    v.family = vigil::net::Family::ipv6;
    v.vips = {ip("2001:db8::100")};
    const ArpAnswer from_vmac{ip("2001:db8::100"), {0, 0, 0x5e, 0, 2, 51}};
    const ArpAnswer v4_vmac{ip("2001:db8::100"), {0, 0, 0x5e, 0, 1, 51}};
    Findings f;
    check_arp(std::vector{v}, std::vector{from_vmac}, {}, host(), f);
    CHECK(f.empty());
    check_arp(std::vector{v}, std::vector{v4_vmac}, {}, host(), f);
    CHECK(has(f, "arp", "VIP 2001:db8::100 is answered by MAC 00:00:5e:00:01:33"));
    CHECK(has(f, "arp", "dadfailed"));
}
