#pragma once
// An SNMP sub-agent on a runtime::EventLoop: an AgentxSession over an AgentxClient, as the
// VRRP child and the checker child each run one (keepalived's two processes each open their
// own AgentX session). Requests from the master agent are answered from a MibTree that
// `build` fills, rebuilt at most once per tree_lifetime: a walk (one GetNext PDU per object,
// tens of thousands for a thousand instances) costs one build per tree_lifetime, not one per
// PDU.
//
// Contract: never blocks, never throws after construction; reconnects on its own
// (agentx_client.hpp). Traps go through notify(), queued while the master is away. `build`
// receives an empty tree; the data its cells read must stay valid until the next build.

#include "runtime/event_loop.hpp"
#include "snmp/agentx_client.hpp"
#include "snmp/agentx_session.hpp"
#include "snmp/mib_tree.hpp"

#include <chrono>
#include <functional>
#include <vector>

namespace vigil::snmp {

class LoopAgent {
public:
    using Build = std::function<void(MibTree&)>;
    static constexpr auto tree_lifetime = std::chrono::milliseconds(100);

    LoopAgent(runtime::EventLoop& loop, AgentxAddress master, std::vector<Registration> registrations, Build build);
    ~LoopAgent();
    LoopAgent(const LoopAgent&) = delete;
    LoopAgent& operator=(const LoopAgent&) = delete;

    // Logs "Starting SNMP subagent" and connects (and keeps reconnecting).
    void start();
    // One notification (snmpTrapOID.0 first).
    void notify(std::vector<VarBind> varbinds) noexcept;
    // Close-PDU to the master, then the socket closes.
    void stop() noexcept;

private:
    const MibTree& view();
    void on_fd_change(int old_fd, int new_fd) noexcept;
    void on_io(std::uint32_t events) noexcept;
    void on_timer() noexcept;
    void rearm() noexcept;

    runtime::EventLoop& loop_;
    Build build_;
    MibTree tree_;
    runtime::TimePoint taken_{}; // when tree_ was built (epoch: never)
    AgentxSession session_;
    AgentxClient client_;
    runtime::TimerId timer_;
    int watched_fd_ = -1;
};

// The subtrees keepalived 2.2.7 registers and their sysORTable descriptions (reference 1.1):
// "The MIB module for " and the registration name.
Registration keepalived_registration(const Oid& subtree, const char* name);

} // namespace vigil::snmp
