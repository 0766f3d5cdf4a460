// KEEPALIVED-MIB `check` and the checker notifications, against lines of keepalived 2.2.7's
// own walk and traps (tests/vm/snmp_check.sh compares whole walks in the VM tier).
#include "snmp/mibs.hpp"
#include "snmp/traps.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace vigil::snmp;

namespace {

std::string ip4(unsigned a, unsigned b, unsigned c, unsigned d) {
    return {static_cast<char>(a), static_cast<char>(b), static_cast<char>(c), static_cast<char>(d)};
}

CheckSnapshot one_virtual_server() {
    CheckSnapshot s;
    GroupInfo g{"G1", {}};
    g.members.push_back({true, 5, {}, {}, 0}); // keepalived lists fwmarks first
    g.members.push_back({false, 0, ip4(192, 0, 2, 20), ip4(192, 0, 2, 20), 80});
    s.groups.push_back(g);
    VirtualServerInfo v;
    v.type = 2;
    v.address_family = 4;
    v.address_bytes_family = 4;
    v.address = ip4(192, 0, 2, 10);
    v.port = 80;
    v.protocol = 1;
    v.scheduler = "rr";
    v.forwarding.method = 1;
    v.quorum = 2;
    RealServerInfo sorry;
    sorry.sorry = true;
    sorry.address = ip4(198, 51, 100, 9);
    sorry.port = 80;
    RealServerInfo rs;
    rs.address = ip4(198, 51, 100, 2);
    rs.port = 80;
    rs.alive = true;
    rs.weight = 2;
    v.servers = {sorry, rs};
    s.virtual_servers.push_back(v);
    return s;
}

std::string get(const MibTree& tree, const Oid& name) { return to_string(tree.get(name)); }

} // namespace

TEST_CASE("check MIB: group members by type; a sorry server first and without status") {
    const CheckSnapshot s = one_virtual_server();
    MibTree tree;
    add_keepalived_check(tree, s);
    const Oid check = keepalived_check_oid;
    CHECK(get(tree, check.with({2, 1, 2, 1, 1})) == ".1.3.6.1.4.1.9586.100.5.3.2.1.2.1.1 = INTEGER: 1");
    CHECK(get(tree, check.with({2, 1, 5, 1, 2})) ==
          ".1.3.6.1.4.1.9586.100.5.3.2.1.5.1.2 = Hex-STRING: C0 00 02 14 ");
    CHECK(get(tree, check.with({3, 1, 9, 1})) == ".1.3.6.1.4.1.9586.100.5.3.3.1.9.1 = INTEGER: 1");
    CHECK(get(tree, check.with({3, 1, 20, 1})) == ".1.3.6.1.4.1.9586.100.5.3.3.1.20.1 = Gauge32: 1");
    CHECK(get(tree, check.with({3, 1, 15, 1})) ==
          ".1.3.6.1.4.1.9586.100.5.3.3.1.15.1 = Hex-STRING: FF FF FF FF ");
    CHECK(get(tree, check.with({4, 1, 2, 1, 1})) == ".1.3.6.1.4.1.9586.100.5.3.4.1.2.1.1 = INTEGER: 2");
    // realServerStatus: the sorry server's is skipped.
    CHECK(to_string(tree.get_next(check.with({4, 1, 6}), false, {})) ==
          ".1.3.6.1.4.1.9586.100.5.3.4.1.6.1.2 = INTEGER: 1");
    CHECK(get(tree, check.with({4, 1, 7, 1, 2})) == ".1.3.6.1.4.1.9586.100.5.3.4.1.7.1.2 = INTEGER: 2");
    // lvsSyncDaemonEnabled is false without lvs_sync_daemon, its other scalars absent.
    CHECK(get(tree, check.with({6, 1, 0})) == ".1.3.6.1.4.1.9586.100.5.3.6.1.0 = INTEGER: 2");
    CHECK(to_string(tree.get_next(check.with({6, 1, 0}), false, {})).find("No more variables") != std::string::npos);
}

TEST_CASE("realServerStateChange and virtualServerQuorumStateChange, as keepalived sends them") {
    CheckerTrapInfo t;
    t.server = true;
    t.server_address = ip4(198, 51, 100, 2);
    t.server_port = 80;
    t.server_alive = false;
    t.address = ip4(192, 0, 2, 10);
    t.port = 80;
    t.tcp = true;
    t.quorum = 2;
    t.real_up = 1;
    t.real_total = 2;
    std::string line;
    for (const VarBind& vb : checker_state_change(t, "vm_snmp")) {
        line += (line.empty() ? "" : "\t") + to_string(vb);
    }
    CHECK(line == ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.9586.100.5.3.5.0.1\t"
                  ".1.3.6.1.4.1.9586.100.5.3.4.1.3 = INTEGER: 1\t"
                  ".1.3.6.1.4.1.9586.100.5.3.4.1.4 = Hex-STRING: C6 33 64 02 \t"
                  ".1.3.6.1.4.1.9586.100.5.3.4.1.5 = Gauge32: 80\t"
                  ".1.3.6.1.4.1.9586.100.5.3.4.1.6 = INTEGER: 2\t"
                  ".1.3.6.1.4.1.9586.100.5.3.3.1.2 = INTEGER: 2\t"
                  ".1.3.6.1.4.1.9586.100.5.3.3.1.5 = INTEGER: 1\t"
                  ".1.3.6.1.4.1.9586.100.5.3.3.1.6 = Hex-STRING: C0 00 02 0A \t"
                  ".1.3.6.1.4.1.9586.100.5.3.3.1.7 = Gauge32: 80\t"
                  ".1.3.6.1.4.1.9586.100.5.3.3.1.8 = INTEGER: 1\t"
                  ".1.3.6.1.4.1.9586.100.5.3.3.1.21 = Gauge32: 1\t"
                  ".1.3.6.1.4.1.9586.100.5.3.3.1.20 = Gauge32: 2\t"
                  ".1.3.6.1.4.1.9586.100.5.1.2.0 = STRING: \"vm_snmp\"");
    t.server = false;
    t.fwmark = 7;
    t.quorum_status = 3;
    const auto quorum = checker_state_change(t, "r");
    CHECK(to_string(quorum[0]) == ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.9586.100.5.3.5.0.2");
    CHECK(to_string(quorum[2]) == ".1.3.6.1.4.1.9586.100.5.3.3.1.4 = Gauge32: 7");
    CHECK(to_string(quorum[4]) == ".1.3.6.1.4.1.9586.100.5.3.3.1.23 = INTEGER: 3");
}
