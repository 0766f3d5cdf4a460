#pragma once
// The MIB modules vigil serves over AgentX, built over a Snapshot (which must outlive the
// tree: cells read it on demand).
//
//   KEEPALIVED-MIB global (...9586.100.5.1)  add_keepalived_global
//   KEEPALIVED-MIB vrrp   (...9586.100.5.2)  add_keepalived_vrrp
//   VRRP-MIB, RFC 2787    (1.3.6.1.2.1.68)   add_rfc2787
//   VRRPV3-MIB, RFC 6527  (1.3.6.1.2.1.207)  add_rfc6527
//   KEEPALIVED-MIB check  (...9586.100.5.3)  add_keepalived_check (the checker child's)
//
// Values and skipped columns follow keepalived 2.2.7 as observed (reference section 1.3-1.5)
// with two deliberate differences, both keepalived bugs (man/vigil.7 lists them):
//  - vrrpAddressAdvertising is true for every VIP; keepalived reports it only for the first
//    instance's VIPs (an iteration flag it never resets).
//  - RFC 2787 tables answer every suitable instance; keepalived's index comparison (an
//    operator-precedence slip, fixed upstream in 2026) hides all but the first row of each
//    column from a walk and every row from a Get.

#include "snmp/check_snapshot.hpp"
#include "snmp/controls.hpp"
#include "snmp/mib_tree.hpp"
#include "snmp/oid.hpp"
#include "snmp/snapshot.hpp"

namespace vigil::snmp {

// KEEPALIVED-MIB::keepalived
inline const Oid keepalived_oid{1, 3, 6, 1, 4, 1, 9586, 100, 5};
inline const Oid keepalived_global_oid = keepalived_oid.with({1});
inline const Oid keepalived_vrrp_oid = keepalived_oid.with({2});
inline const Oid keepalived_check_oid = keepalived_oid.with({3});
// VRRP-MIB::vrrpMIB and VRRPV3-MIB::vrrpv3MIB
inline const Oid rfc2787_oid{1, 3, 6, 1, 2, 1, 68};
inline const Oid rfc6527_oid{1, 3, 6, 1, 2, 1, 207};

void add_keepalived_global(MibTree& tree, const Snapshot& snapshot);
// With a `control`, vrrpInstanceBasePriority and vrrpInstancePreempt are writable (and
// vrrpInstanceAccept of a VRRPv3 instance answers noAccess), as in keepalived 2.2.7.
void add_keepalived_vrrp(MibTree& tree, const Snapshot& snapshot, VrrpControl* control = nullptr);
void add_rfc2787(MibTree& tree, const Snapshot& snapshot);
void add_rfc6527(MibTree& tree, const Snapshot& snapshot);
// With a `control`, realServerWeight is writable (not a sorry server's), as in keepalived.
void add_keepalived_check(MibTree& tree, const CheckSnapshot& snapshot, CheckControl* control = nullptr);
// KEEPALIVED-MIB `global` over the checker child's global values.
void add_keepalived_global(MibTree& tree, const GlobalInfo& global);

// RFC 2787 section 1 (vrrpOperTable): VRRPv2 over IPv4 with at least one VIP (keepalived's
// suitable_for_rfc2787, in a build that also serves RFC 6527).
bool suitable_for_rfc2787(const InstanceInfo& instance) noexcept;
// RFC 6527: any instance with at least one VIP (keepalived's build reports VRRPv2 too).
bool suitable_for_rfc6527(const InstanceInfo& instance) noexcept;

// TruthValue (RFC 2579): true(1), false(2).
inline Value truth(bool value) { return Value::integer(value ? 1 : 2); }
// keepalived's VrrpState for the KEEPALIVED-MIB: 0-3 as they are, anything else unknown(4).
inline int keepalived_state(int state) noexcept { return state >= 0 && state <= 3 ? state : 4; }

} // namespace vigil::snmp
