#include "vrrpd/snmp_agent.hpp"

#include "snmp/mibs.hpp"

namespace vigil::vrrpd {
namespace {

// The subtrees keepalived 2.2.7's VRRP process registers (reference 1.1).
std::vector<snmp::Registration> registrations(const SnmpModules& m) {
    std::vector<snmp::Registration> out;
    if (m.keepalived && m.global) {
        out.push_back(snmp::keepalived_registration(snmp::keepalived_global_oid, "Keepalived"));
    }
    if (m.keepalived) {
        out.push_back(snmp::keepalived_registration(snmp::keepalived_vrrp_oid, "KEEPALIVED-VRRP"));
    }
    if (m.rfc2787) {
        out.push_back(snmp::keepalived_registration(snmp::rfc2787_oid, "VRRP"));
    }
    if (m.rfc6527) {
        out.push_back(snmp::keepalived_registration(snmp::rfc6527_oid, "VRRPV3"));
    }
    return out;
}

} // namespace

SnmpAgent::SnmpAgent(runtime::EventLoop& loop, snmp::AgentxAddress master, SnmpModules modules,
                     SnapshotSource source, SnmpWrites writes)
    : modules_(modules), source_(std::move(source)), writes_(std::move(writes)),
      agent_(loop, std::move(master), registrations(modules_), [this](snmp::MibTree& tree) { build(tree); }) {}

void SnmpAgent::build(snmp::MibTree& tree) {
    snapshot_ = source_();
    if (modules_.keepalived && modules_.global) {
        snmp::add_keepalived_global(tree, snapshot_);
    }
    if (modules_.keepalived) {
        snmp::add_keepalived_vrrp(tree, snapshot_, this);
    }
    if (modules_.rfc2787) {
        snmp::add_rfc2787(tree, snapshot_);
    }
    if (modules_.rfc6527) {
        snmp::add_rfc6527(tree, snapshot_);
    }
}

void SnmpAgent::set_base_priority(const std::string& instance, std::uint8_t priority) {
    if (writes_.base_priority) {
        writes_.base_priority(instance, priority);
    }
}

void SnmpAgent::set_preempt(const std::string& instance, bool preempt) {
    if (writes_.preempt) {
        writes_.preempt(instance, preempt);
    }
}

} // namespace vigil::vrrpd
