#pragma once
// The notifications keepalived 2.2.7 sends (reference section 1.6), as AgentX Notify varbind
// lists: snmpTrapOID.0 first, then the objects. The master agent adds sysUpTime.0.
//
// Quirk kept on purpose: the KEEPALIVED-MIB notifications name their objects by column OID
// without a row index (…5.2.3.1.2, not …5.2.3.1.2.<n>), as keepalived sends them; trap
// receivers and their configurations are written against that.

#include "snmp/oid.hpp"
#include "snmp/snapshot.hpp"
#include "snmp/value.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::snmp {

// SNMPv2-MIB::snmpTrapOID.0
inline const Oid snmp_trap_oid{1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0};

// The state a KEEPALIVED-MIB notification carries: 0-3 as they are, STOP (98) as 5,
// DELETED (97) as 6, anything else unknown(4).
int trap_state(int state) noexcept;

// vrrpInstanceStateChange (…5.2.10.0.2): name, state, initial state, routerId.
std::vector<VarBind> instance_state_change(const InstanceInfo& instance, int state,
                                           const std::string& router_id);
// vrrpSyncGroupStateChange (…5.2.10.0.1): name, state, routerId.
std::vector<VarBind> sync_group_state_change(const std::string& group, int state,
                                             const std::string& router_id);
// vrrpTrapNewMaster (RFC 2787): vrrpOperMasterIpAddr.ifIndex.vrid = own source address.
std::vector<VarBind> rfc2787_new_master(const InstanceInfo& instance);
// vrrpTrapAuthFailure (RFC 2787): vrrpTrapPacketSrc, vrrpTrapAuthErrorType
// (invalidAuthType 1, authTypeMismatch 2, authFailure 3).
std::vector<VarBind> rfc2787_auth_failure(const InstanceInfo& instance, const std::string& source,
                                          int error_type);
// vrrpv3NewMaster (RFC 6527): master address (own source), new-master reason.
std::vector<VarBind> rfc6527_new_master(const InstanceInfo& instance);
// What a checker notification reports (keepalived's check_snmp_rs_trap).
struct CheckerTrapInfo {
    bool server = false;       // realServerStateChange; else virtualServerQuorumStateChange
    std::string server_address; // 4 or 16 bytes
    std::uint16_t server_port = 0;
    bool server_alive = false;
    std::string group;          // a group's virtual server: its name
    std::uint32_t fwmark = 0;   // else a fwmark's
    std::string address;        // else its address (4 or 16 bytes) and port
    std::uint16_t port = 0;
    bool tcp = false;
    int quorum_status = 2;      // 1 up, 2 down, 3 stopping
    std::uint32_t quorum = 1;
    std::uint32_t real_up = 0;
    std::uint32_t real_total = 0;
};
// realServerStateChange (…5.3.5.0.1) or virtualServerQuorumStateChange (…5.3.5.0.2), with
// column OIDs without a row index, as keepalived sends them.
std::vector<VarBind> checker_state_change(const CheckerTrapInfo& info, const std::string& router_id);

// vrrpv3ProtoError (RFC 6527): vrrpv3StatisticsProtoErrReason.
std::vector<VarBind> rfc6527_proto_error(const InstanceInfo& instance);

} // namespace vigil::snmp
