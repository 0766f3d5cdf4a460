#pragma once
// The VRRP child's SNMP sub-agent (keepalived's `-x`, enable_snmp_vrrp|rfcv2|rfcv3): an
// snmp::AgentxSession over an snmp::AgentxClient, on the child's event loop. Requests from
// the master agent are answered from a snapshot of the child's state taken at most
// snapshot_lifetime earlier: a walk (one GetNext PDU per object, tens of thousands for a
// thousand instances) costs one snapshot per snapshot_lifetime, not one per PDU.
//
// Contract: never blocks, never throws after construction; reconnects on its own
// (snmp/agentx_client.hpp). Traps go through notify(), queued while the master is away.

#include "runtime/event_loop.hpp"
#include "snmp/agentx_client.hpp"
#include "snmp/agentx_session.hpp"
#include "snmp/mib_tree.hpp"
#include "snmp/snapshot.hpp"

#include <chrono>
#include <functional>
#include <vector>

namespace vigil::vrrpd {

// Which MIB modules the agent serves (keepalived registers each with its own enable flag).
struct SnmpModules {
    bool keepalived = false; // KEEPALIVED-MIB global + vrrp (enable_snmp_vrrp)
    bool rfc2787 = false;    // VRRP-MIB (enable_snmp_rfcv2)
    bool rfc6527 = false;    // VRRPV3-MIB (enable_snmp_rfcv3)
    bool any() const noexcept { return keepalived || rfc2787 || rfc6527; }
};

class SnmpAgent {
public:
    using SnapshotSource = std::function<snmp::Snapshot()>;
    static constexpr auto snapshot_lifetime = std::chrono::milliseconds(100);

    SnmpAgent(runtime::EventLoop& loop, snmp::AgentxAddress master, SnmpModules modules, SnapshotSource source);
    ~SnmpAgent();
    SnmpAgent(const SnmpAgent&) = delete;
    SnmpAgent& operator=(const SnmpAgent&) = delete;

    const SnmpModules& modules() const noexcept { return modules_; }
    // Connects (and keeps reconnecting).
    void start();
    // One notification (snmpTrapOID.0 first).
    void notify(std::vector<snmp::VarBind> varbinds) noexcept;
    // Close-PDU to the master, then the socket closes.
    void stop() noexcept;

private:
    const snmp::MibTree& view();
    void on_fd_change(int old_fd, int new_fd) noexcept;
    void on_io(std::uint32_t events) noexcept;
    void on_timer() noexcept;
    void rearm() noexcept;

    runtime::EventLoop& loop_;
    SnmpModules modules_;
    SnapshotSource source_;
    snmp::Snapshot snapshot_;
    snmp::MibTree tree_;
    runtime::TimePoint taken_{}; // when snapshot_ and tree_ were built (epoch: never)
    snmp::AgentxSession session_;
    snmp::AgentxClient client_;
    runtime::TimerId timer_;
    int watched_fd_ = -1;
};

} // namespace vigil::vrrpd
