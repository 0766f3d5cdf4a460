#pragma once
// The states of keepalived 2.2.7's lab walks (tests/data/snmp) as snapshots, for the MIB
// unit test and the AgentX harness (tests/integration/agentx_harness.cpp).

#include "snmp/snapshot.hpp"

#include <initializer_list>
#include <string>
#include <tuple>

namespace vigil::snmp::test {

inline std::string ip(std::initializer_list<int> bytes) {
    std::string out;
    for (const int b : bytes) {
        out += static_cast<char>(b);
    }
    return out;
}
inline const std::string mac = ip({0x02, 0x00, 0x5e, 0x10, 0x00, 0x01});
inline const std::string mcast = ip({224, 0, 0, 18});
inline const std::string zeros4(4, '\0');

inline AddressRow vip(std::string address, unsigned prefix, int ifindex, const char* ifname) {
    AddressRow a;
    a.address = std::move(address);
    a.prefix = prefix;
    if (a.address.size() == 4) {
        a.broadcast = zeros4;
    }
    a.ifindex = ifindex;
    a.ifname = ifname;
    return a;
}

inline InstanceInfo master(const char* name, unsigned vrid) {
    InstanceInfo i;
    i.name = name;
    i.vrid = vrid;
    i.state = 2;
    i.initial_state = 1;
    i.wanted_state = 2;
    i.vips_set = true;
    i.interface = "veth0";
    i.multicast_group = mcast;
    i.ifindex = 3;
    i.hw_address = mac;
    i.primary_address = ip({192, 0, 2, 1});
    i.source_address = i.primary_address;
    i.master_address = zeros4;
    i.master_reason = 3;
    i.become_master = 1;
    return i;
}

// lab1.conf: sync group SG1 of VI_1 (VRRPv2), VI_3 (VRRPv3), both MASTER.
inline Snapshot lab1() {
    Snapshot s;
    s.global.version = "Keepalived v2.2.7 (01/16,2022)";
    s.global.router_id = "lab1";
    s.global.traps = true;
    SyncGroupInfo g;
    g.name = "SG1";
    g.state = 2;
    g.members = {"VI_1"};
    s.groups.push_back(g);

    InstanceInfo v1 = master("VI_1", 51);
    v1.effective_priority = 105;
    v1.has_tracked_interfaces = true;
    v1.sync_group = "SG1";
    v1.track_interfaces = {{"veth1", 0, false}};
    for (auto [last, prefix] : {std::pair{100, 24u}, {101, 32u}}) {
        AddressRow a = vip(ip({192, 0, 2, last}), prefix, 3, "veth0");
        a.set = true;
        a.advertised = true;
        v1.vips.push_back(a);
    }
    AddressRow e = vip(ip({192, 0, 2, 150}), 32, 3, "veth0");
    e.set = true;
    v1.evips.push_back(e);
    s.instances.push_back(v1);

    InstanceInfo v3 = master("VI_3", 52);
    v3.base_priority = v3.effective_priority = 120;
    v3.version = 3;
    v3.notify_exec = true;
    v3.script_master = "'/usr/bin/echo' 'hi'";
    v3.uptime_cs = 611;
    AddressRow a = vip(ip({192, 0, 2, 200}), 32, 3, "veth0");
    a.set = true;
    a.advertised = true;
    v3.vips.push_back(a);
    s.instances.push_back(v3);
    s.instances[0].uptime_cs = 611;

    return s;
}

// lab2.conf: globals, static entries, routes, rules, trackers; VI_6 (IPv6) in FAULT.
inline Snapshot lab2() {
    Snapshot s;
    GlobalInfo& g = s.global;
    g.version = "Keepalived v2.2.7 (01/16,2022)";
    g.router_id = "lab2";
    g.smtp_server_type = 1;
    g.smtp_server = ip({192, 0, 2, 25});
    g.smtp_timeout_s = 12;
    g.email_from = "k@example.com";
    g.emails = {"a@example.com", "b@example.com"};
    g.smtp_port = 2525;

    AddressRow st = vip(ip({192, 0, 2, 77}), 24, 2, "veth1");
    st.label = "veth1:st";
    st.set = true;
    s.static_addresses.push_back(st);
    RouteRow sr;
    sr.destination = ip({198, 51, 100, 0});
    sr.destination_prefix = 24;
    sr.gateway = ip({192, 0, 2, 254});
    sr.ifindex = 3;
    sr.ifname = "veth0";
    sr.set = true;
    sr.protocol = 19;
    s.static_routes.push_back(sr);

    InstanceInfo v1 = master("VI_1", 51);
    v1.initial_state = 2;
    v1.base_priority = 150;
    v1.effective_priority = 140;
    v1.advert_interval_cs = 200;
    v1.auth_type = 1;
    v1.smtp_alert = true;
    v1.notify_exec = true;
    v1.script = "'/usr/bin/echo' 'notify'";
    v1.track_scripts = {{"chk", -10, false}};
    v1.track_files = {{"tf", 7, false}};
    v1.track_processes = {{"tp", 3, false}};
    AddressRow a1 = vip(ip({192, 0, 2, 100}), 24, 3, "veth0");
    a1.broadcast = ip({192, 0, 2, 255});
    a1.scope = 2;
    a1.label = "veth0:vip";
    a1.advertised = true;
    AddressRow a2 = vip(ip({192, 0, 2, 102}), 32, 3, "veth0");
    a2.peer = ip({192, 0, 2, 103});
    a2.set = true;
    a2.advertised = true;
    v1.vips = {a1, a2};
    RouteRow r1 = sr;
    r1.destination = ip({203, 0, 113, 0});
    r1.metric = 5;
    r1.table = 100;
    RouteRow r2;
    r2.destination = ip({203, 0, 113, 128});
    r2.destination_prefix = 25;
    r2.type = 3;
    r2.set = true;
    r2.protocol = 19;
    v1.routes = {r1, r2};
    RuleRow u1;
    u1.from = ip({192, 0, 2, 100});
    u1.from_prefix = 32;
    u1.table = 100;
    u1.set = true;
    u1.preference = 100;
    RuleRow u2;
    u2.to = ip({203, 0, 113, 0});
    u2.to_prefix = 24;
    u2.table = 100;
    u2.set = true;
    u2.preference = 16384;
    v1.rules = {u1, u2};
    v1.uptime_cs = 806;
    s.instances.push_back(v1);

    InstanceInfo v6;
    v6.name = "VI_6";
    v6.vrid = 53;
    v6.state = 3;
    v6.wanted_state = 3;
    v6.base_priority = v6.effective_priority = 90;
    v6.interface = "veth0";
    v6.version = 3;
    v6.ipv6 = true;
    v6.ifindex = 3;
    v6.hw_address = mac;
    v6.primary_address = ip({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x5e, 0xff, 0xfe, 0x10, 0, 1});
    v6.master_address = std::string(16, '\0');
    for (auto [last, prefix] : {std::pair{0, 64u}, {1, 128u}}) {
        AddressRow a = vip(ip({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, last}), prefix, 3, "veth0");
        a.advertised = true;
        v6.vips.push_back(a);
    }
    s.instances.push_back(v6);

    ScriptInfo chk{"chk", "'/usr/bin/true'", 2, -10, 3, 2, 3, false};
    s.scripts.push_back(chk);
    s.files.push_back({"tf", "/tmp/snmplab/tf", 5, 7, false});
    ProcessInfo tp;
    tp.name = "tp";
    tp.path = "sleep";
    tp.weight = 3;
    s.processes.push_back(tp);

    return s;
}

} // namespace vigil::snmp::test
