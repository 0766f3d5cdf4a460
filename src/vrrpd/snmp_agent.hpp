#pragma once
// The VRRP child's SNMP sub-agent (keepalived's `-x`, enable_snmp_vrrp|rfcv2|rfcv3): an
// snmp::LoopAgent answering from a snapshot of the child's state (snmp_snapshot.cpp), taken
// at most snmp::LoopAgent::tree_lifetime earlier. The writable objects (vrrpInstanceBasePriority,
// vrrpInstancePreempt) reach the engine through the Writes callbacks, once a Set is committed.

#include "runtime/event_loop.hpp"
#include "snmp/controls.hpp"
#include "snmp/loop_agent.hpp"
#include "snmp/snapshot.hpp"

#include <functional>

namespace vigil::vrrpd {

// Which MIB modules the agent serves (keepalived registers each with its own enable flag).
struct SnmpModules {
    bool keepalived = false; // KEEPALIVED-MIB vrrp (enable_snmp_vrrp)
    bool global = false;     // KEEPALIVED-MIB global: with `keepalived`, unless an SNMP
                             // checker child serves it (keepalived's vrrp_handles_global_oid)
    bool rfc2787 = false;    // VRRP-MIB (enable_snmp_rfcv2)
    bool rfc6527 = false;    // VRRPV3-MIB (enable_snmp_rfcv3)
    bool any() const noexcept { return keepalived || rfc2787 || rfc6527; }
};

// What a committed SNMP Set does, by instance name (an instance gone by then is ignored).
struct SnmpWrites {
    std::function<void(const std::string& instance, std::uint8_t priority)> base_priority;
    std::function<void(const std::string& instance, bool preempt)> preempt;
};

class SnmpAgent final : private snmp::VrrpControl {
public:
    using SnapshotSource = std::function<snmp::Snapshot()>;

    SnmpAgent(runtime::EventLoop& loop, snmp::AgentxAddress master, SnmpModules modules, SnapshotSource source,
              SnmpWrites writes);

    const SnmpModules& modules() const noexcept { return modules_; }
    void start() { agent_.start(); }
    void notify(std::vector<snmp::VarBind> varbinds) noexcept { agent_.notify(std::move(varbinds)); }
    void stop() noexcept { agent_.stop(); }

private:
    void build(snmp::MibTree& tree);
    void set_base_priority(const std::string& instance, std::uint8_t priority) override;
    void set_preempt(const std::string& instance, bool preempt) override;

    SnmpModules modules_;
    SnapshotSource source_;
    SnmpWrites writes_;
    snmp::Snapshot snapshot_;
    snmp::LoopAgent agent_;
};

} // namespace vigil::vrrpd
