#pragma once
// An AgentX sub-agent session (RFC 2741 section 7) without I/O: bytes in, bytes out, time as
// an argument. The transport (src/daemon's AgentX client) connects the socket, feeds what it
// reads to receive(), writes what take_output() returns, and reconnects when the session
// says it is finished.
//
// Lifecycle: start() sends Open (7.1.1); its Response gives the session id; then one Register
// (7.1.5) per subtree and one AddAgentCaps (7.1.8, the sysORTable entry) each; once all are
// answered the session is ready and sends the Notify PDUs queued meanwhile. A master's Close,
// a malformed stream, or an unanswered request after response_timeout ends it (finished()).
//
// Contract
//  - Never throws except std::bad_alloc; never blocks.
//  - Requests from the master (Get, GetNext, GetBulk) are answered from the MibTree the view
//    callback returns at that moment, one view per PDU.
//  - Sets follow section 7.2.4: TestSet validates every varbind against the view (the first
//    refusal is answered with its 1-based index) and keeps the changes pending; CommitSet
//    marks them committed; UndoSet forgets them; CleanupSet applies committed changes, once,
//    in varbind order, then forgets them. Applying at CleanupSet is what keepalived's
//    net-snmp does (its write handlers change the value in their COMMIT pass, which net-snmp's
//    sub-agent runs on CleanupSet after a CommitSet), so the log lines come at the same
//    moment and an UndoSet has nothing to restore. One set is pending at a time, of at most
//    max_set_varbinds varbinds; it is dropped when the session ends.
//  - notify() while not ready queues up to max_queued_notifications (oldest dropped), so the
//    start-up traps reach a master that answers a little later, and traps raised while the
//    master restarts are delivered once it is back.

#include "snmp/agentx_pdu.hpp"
#include "snmp/mib_tree.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vigil::snmp {

struct Registration {
    Oid subtree;
    std::string description; // sysORDescr
};

class AgentxSession {
public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;
    using View = std::function<const MibTree&()>;

    static constexpr std::size_t max_queued_notifications = 256;
    static constexpr auto response_timeout = std::chrono::seconds(5);
    static constexpr auto ping_interval = std::chrono::seconds(60);
    static constexpr std::size_t max_set_varbinds = 64;

    AgentxSession(std::string description, std::vector<Registration> registrations, View view);

    enum class Phase : std::uint8_t { idle, opening, registering, ready, finished };
    Phase phase() const noexcept { return phase_; }
    bool finished() const noexcept { return phase_ == Phase::finished; }
    std::uint32_t session_id() const noexcept { return session_id_; }

    // The transport is connected: send Open. Also restarts a finished session.
    void start(TimePoint now);
    // Bytes read from the transport (any split).
    void receive(std::span<const std::byte> bytes, TimePoint now);
    // The transport is gone (EOF, error): the session is finished; queued notifications stay.
    void disconnected() noexcept;
    // Sends Close (reason shutdown) when ready; the caller writes the output, then closes.
    void close();

    // A notification (snmpTrapOID.0 first), sent now or once ready.
    void notify(std::vector<VarBind> varbinds, TimePoint now);

    // When on_timer() wants to run next (TimePoint::max(): never).
    TimePoint deadline() const noexcept;
    void on_timer(TimePoint now);

    // Bytes to write to the transport; the caller drains them.
    std::vector<std::byte>& output() noexcept { return output_; }

private:
    enum class Awaiting : std::uint8_t { open, registration, agent_caps, notify, ping, close };
    struct Pending {
        Awaiting what;
        std::size_t registration; // for registration / agent_caps
        TimePoint sent;
    };

    void send_request(agentx::PduType type, agentx::Body body, Awaiting what, std::size_t index,
                      TimePoint now);
    void send(const agentx::Pdu& pdu);
    void handle(const agentx::Pdu& pdu, TimePoint now);
    void handle_response(const agentx::Pdu& pdu, TimePoint now);
    void answer(const agentx::Header& request, agentx::ResponseError error, std::uint16_t index,
                std::vector<VarBind> varbinds);
    void test_set(const agentx::Pdu& pdu);
    void end_set(const agentx::Pdu& pdu);
    std::vector<VarBind> get_bulk(const agentx::GetBulkPdu& pdu, const MibTree& tree) const;
    void become_ready(TimePoint now);
    void send_notification(std::vector<VarBind> varbinds, TimePoint now);
    void finish(const char* why) noexcept;

    std::string description_;
    std::vector<Registration> registrations_;
    View view_;
    Phase phase_ = Phase::idle;
    std::uint32_t session_id_ = 0;
    std::uint32_t next_packet_id_ = 1;
    std::map<std::uint32_t, Pending> pending_;
    std::deque<std::vector<VarBind>> queued_;
    std::vector<std::byte> input_;
    std::vector<std::byte> output_;
    TimePoint last_activity_{};
    // The set under way (section 7.2.4): its transaction and the changes TestSet accepted.
    struct PendingSet {
        std::uint32_t transaction_id = 0;
        bool committed = false;
        std::vector<std::function<void()>> commits;
    };
    std::optional<PendingSet> set_;
};

} // namespace vigil::snmp
