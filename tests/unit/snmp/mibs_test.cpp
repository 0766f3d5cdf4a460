// The MIB builders against keepalived 2.2.7's own walks (tests/data/snmp): each lab state
// rebuilt as a snapshot must walk to the same lines, except for the documented differences.
#include "lab_snapshots.hpp"
#include "snmp/mibs.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace vigil::snmp;
using namespace vigil::snmp::test;

namespace {

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

} // namespace

TEST_CASE("lab1: a sync group, VRRPv2 and VRRPv3 instances, as keepalived walks them") {
    check_lines(walk_all(test::lab1()), golden("keepalived-lab1.walk",
                                    {// keepalived reports only the first instance's VIPs as advertised.
                                     {".1.3.6.1.4.1.9586.100.5.2.6.1.11.2.1", "INTEGER: 1"}}));
}

TEST_CASE("lab2: globals, static entries, routes, rules, trackers and an IPv6 instance") {
    check_lines(walk_all(test::lab2()), golden("keepalived-lab2.walk",
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
