#pragma once
// Every BFD session of the process: demultiplexes received packets to sessions (RFC 5880
// section 6.3 and 6.8.6: by Your Discriminator, or by addresses while it is 0), applies the
// session checks (RFC 5881 section 5 TTL, authentication, AdminDown), allocates unique
// random discriminators (section 6.8.1), drives the timers and carries state across
// reloads. Pure: time is an argument and effects are appended to an Actions list.
//
// Sessions are few (one per configured neighbour), so lookups and the earliest deadline are
// linear scans.

#include "bfd/actions.hpp"
#include "bfd/drop_log.hpp"
#include "bfd/random_source.hpp"
#include "bfd/received_packet.hpp"
#include "bfd/session.hpp"
#include "bfd/session_settings.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vigil::bfd {

class SessionTable {
public:
    explicit SessionTable(RandomSource& random) noexcept : random_(random) {}

    // Installs a configuration. The first call starts every session (an active one sends
    // its first packet at once). Later calls are reloads: a session whose name, neighbour,
    // source and hop are unchanged keeps its state, discriminator and timers (keepalived's
    // bfd_copy_state); changed intervals start a Poll Sequence; new sessions start without
    // an immediate packet; removed ones stop silently. Session ids are indexes into the new
    // configuration. Every session's state is then reported (ReportState), as keepalived
    // does at start-up and after a reload.
    void configure(std::vector<SessionSettings> settings, TimePoint now, Actions& out);

    // Decodes, checks and delivers one received datagram. Returns why it was discarded, or
    // DropReason::none.
    DropReason receive(const ReceivedPacket& packet, TimePoint now, Actions& out);

    // Runs every session timer due at `now`.
    void expire(TimePoint now, Actions& out);

    // The earliest pending timer of any session, or Session::never.
    TimePoint deadline() const noexcept;

    // Local AdminDown while a session has no usable socket, and back.
    void disable(SessionId id, Actions& out);
    void enable(SessionId id, TimePoint now, Actions& out);

    std::span<const Session> sessions() const noexcept { return sessions_; }
    const Session& session(SessionId id) const noexcept { return sessions_[id]; }
    const Session* find(std::string_view name) const noexcept;
    std::uint64_t drops(DropReason reason) const noexcept { return drop_log_.count(reason); }

private:
    std::uint32_t new_discriminator() const noexcept;
    Session* by_discriminator(std::uint32_t discriminator) noexcept;
    Session* by_addresses(const ReceivedPacket& packet) noexcept;

    RandomSource& random_;
    std::vector<Session> sessions_;
    bool started_ = false;
    DropLog drop_log_;
};

} // namespace vigil::bfd
