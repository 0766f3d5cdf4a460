// The notifications' varbinds as snmptrapd showed keepalived 2.2.7's (reference section 1.6;
// tests/data/snmp lab1).
#include "lab_snapshots.hpp"
#include "snmp/traps.hpp"

#include <doctest/doctest.h>

using namespace vigil::snmp;

namespace {
std::string line(const std::vector<VarBind>& vbs) {
    std::string out;
    for (const VarBind& vb : vbs) {
        out += (out.empty() ? "" : "\t") + to_string(vb);
    }
    return out;
}
} // namespace

TEST_CASE("vrrpInstanceStateChange: column OIDs without index, STOP as 5") {
    const Snapshot s = test::lab1();
    CHECK(line(instance_state_change(s.instances[0], 1, "lab1")) ==
          ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.9586.100.5.2.10.0.2\t"
          ".1.3.6.1.4.1.9586.100.5.2.3.1.2 = STRING: \"VI_1\"\t"
          ".1.3.6.1.4.1.9586.100.5.2.3.1.4 = INTEGER: 1\t"
          ".1.3.6.1.4.1.9586.100.5.2.3.1.5 = INTEGER: 1\t"
          ".1.3.6.1.4.1.9586.100.5.1.2.0 = STRING: \"lab1\"");
    CHECK(instance_state_change(s.instances[0], 98, "lab1")[2].value == Value::integer(5));
    CHECK(instance_state_change(s.instances[0], 97, "lab1")[2].value == Value::integer(6));
}

TEST_CASE("vrrpSyncGroupStateChange") {
    CHECK(line(sync_group_state_change("SG1", 2, "lab1")) ==
          ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.4.1.9586.100.5.2.10.0.1\t"
          ".1.3.6.1.4.1.9586.100.5.2.1.1.2 = STRING: \"SG1\"\t"
          ".1.3.6.1.4.1.9586.100.5.2.1.1.3 = INTEGER: 2\t"
          ".1.3.6.1.4.1.9586.100.5.1.2.0 = STRING: \"lab1\"");
    CHECK(sync_group_state_change("SG1", 98, "r")[2].value == Value::integer(5));
}

TEST_CASE("vrrpTrapNewMaster and vrrpv3NewMaster carry the own address and the reason") {
    const Snapshot s = test::lab1();
    CHECK(line(rfc2787_new_master(s.instances[0])) ==
          ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.2.1.68.0.1\t"
          ".1.3.6.1.2.1.68.1.3.1.7.3.51 = IpAddress: 192.0.2.1");
    CHECK(line(rfc6527_new_master(s.instances[1])) ==
          ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.2.1.207.0.1\t"
          ".1.3.6.1.2.1.207.1.1.1.1.3.3.52.1 = Hex-STRING: C0 00 02 01 \t"
          ".1.3.6.1.2.1.207.1.2.5.1.2.3.52.1 = INTEGER: 3");
}

TEST_CASE("vrrpTrapAuthFailure and vrrpv3ProtoError") {
    InstanceInfo i = test::lab1().instances[0];
    CHECK(line(rfc2787_auth_failure(i, test::ip({192, 0, 2, 2}), 2)) ==
          ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.2.1.68.0.2\t"
          ".1.3.6.1.2.1.68.1.5.3.51 = IpAddress: 192.0.2.2\t"
          ".1.3.6.1.2.1.68.1.6.3.51 = INTEGER: 2");
    i.proto_error_reason = 1;
    CHECK(line(rfc6527_proto_error(i)) ==
          ".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.2.1.207.0.2\t"
          ".1.3.6.1.2.1.207.1.2.5.1.6.3.51.1 = INTEGER: 1");
}
