// The MIB builders against keepalived 2.2.7's own walks (tests/data/snmp): each lab state
// rebuilt as a snapshot must walk to the same lines, except for the documented differences.
#include "snmp/mibs.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace vigil::snmp;

namespace {

std::string ip(std::initializer_list<int> bytes) {
    std::string out;
    for (const int b : bytes) {
        out += static_cast<char>(b);
    }
    return out;
}
const std::string mac = ip({0x02, 0x00, 0x5e, 0x10, 0x00, 0x01});
const std::string mcast = ip({224, 0, 0, 18});
const std::string zeros4(4, '\0');

std::vector<std::string> walk(const MibTree& tree, const Oid& root, const Oid& end) {
    std::vector<std::string> out;
    Oid at = root;
    while (true) {
        VarBind vb = tree.get_next(at, false, end);
        if (vb.value.syntax == Syntax::end_of_mib_view) {
            return out;
        }
        out.push_back(to_string(vb));
        at = vb.name;
    }
}

std::vector<std::string> walk_all(const Snapshot& s) {
    MibTree tree;
    add_keepalived_global(tree, s);
    add_keepalived_vrrp(tree, s);
    add_rfc2787(tree, s);
    add_rfc6527(tree, s);
    std::vector<std::string> out;
    for (const auto& [root, end] : {std::pair{keepalived_oid, Oid{1, 3, 6, 1, 4, 1, 9586, 100, 6}},
                                    std::pair{rfc2787_oid, Oid{1, 3, 6, 1, 2, 1, 69}},
                                    std::pair{rfc6527_oid, Oid{1, 3, 6, 1, 2, 1, 208}}}) {
        const auto part = walk(tree, root, end);
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

// keepalived's lines, with `changes` (OID -> our value text) applied.
std::vector<std::string> golden(const char* file, const std::map<std::string, std::string>& changes) {
    std::ifstream in(std::string(VIGIL_TEST_DATA) + "/snmp/" + file);
    REQUIRE(in.good());
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        // net-snmp pads Hex-STRING with a trailing space, as to_string() does; nothing else.
        const auto eq = line.find(" = ");
        const auto it = changes.find(line.substr(0, eq));
        out.push_back(it == changes.end() ? line : line.substr(0, eq + 3) + it->second);
    }
    return out;
}

void check_lines(const std::vector<std::string>& ours, const std::vector<std::string>& theirs) {
    for (std::size_t i = 0; i < std::max(ours.size(), theirs.size()); ++i) {
        const std::string a = i < ours.size() ? ours[i] : "<none>";
        const std::string b = i < theirs.size() ? theirs[i] : "<none>";
        CAPTURE(i);
        CHECK(a == b);
        if (a != b) {
            return; // one mismatch shifts everything after it
        }
    }
}

AddressRow vip(std::string address, unsigned prefix, int ifindex, const char* ifname) {
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

InstanceInfo master(const char* name, unsigned vrid) {
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

} // namespace

TEST_CASE("lab1: a sync group, VRRPv2 and VRRPv3 instances, as keepalived walks them") {
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

    check_lines(walk_all(s), golden("keepalived-lab1.walk",
                                    {// keepalived reports only the first instance's VIPs as advertised.
                                     {".1.3.6.1.4.1.9586.100.5.2.6.1.11.2.1", "INTEGER: 1"}}));
}

TEST_CASE("lab2: globals, static entries, routes, rules, trackers and an IPv6 instance") {
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

    check_lines(walk_all(s), golden("keepalived-lab2.walk",
                                    {{".1.3.6.1.4.1.9586.100.5.2.6.1.11.2.1", "INTEGER: 1"},
                                     {".1.3.6.1.4.1.9586.100.5.2.6.1.11.2.2", "INTEGER: 1"}}));
}

TEST_CASE("RFC 2787 rows: every suitable instance, sorted by ifIndex.VRID (keepalived shows only one)") {
    Snapshot s;
    for (auto [name, vrid, ifindex] : {std::tuple{"A", 9u, 4}, {"B", 7u, 4}, {"C", 8u, 2}}) {
        InstanceInfo i = master(name, vrid);
        i.ifindex = ifindex;
        i.vips.push_back(vip(ip({192, 0, 2, static_cast<int>(vrid)}), 32, ifindex, "x"));
        s.instances.push_back(i);
    }
    InstanceInfo v3 = master("D", 1);
    v3.version = 3;
    v3.vips.push_back(vip(ip({192, 0, 2, 1}), 32, 3, "x"));
    s.instances.push_back(v3);
    MibTree tree;
    add_rfc2787(tree, s);
    const auto state = walk(tree, rfc2787_oid.with({1, 3, 1, 3}), rfc2787_oid.with({1, 3, 1, 4}));
    CHECK(state == std::vector<std::string>{".1.3.6.1.2.1.68.1.3.1.3.2.8 = INTEGER: 3",
                                            ".1.3.6.1.2.1.68.1.3.1.3.4.7 = INTEGER: 3",
                                            ".1.3.6.1.2.1.68.1.3.1.3.4.9 = INTEGER: 3"});
    CHECK(tree.get(rfc2787_oid.with({1, 3, 1, 5, 4, 7})).value == Value::integer(100));
    CHECK(tree.get(rfc2787_oid.with({1, 4, 1, 2, 4, 9, 192, 0, 2, 9})).value == Value::integer(1));
    CHECK(tree.get(rfc2787_oid.with({1, 3, 1, 10, 4, 7})).value.syntax == Syntax::no_such_instance);
}
