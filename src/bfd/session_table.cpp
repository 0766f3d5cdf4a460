#include "bfd/session_table.hpp"

#include "bfd/codec.hpp"

#include <algorithm>

namespace vigil::bfd {
namespace {

bool same_endpoints(const SessionSettings& a, const SessionSettings& b) noexcept {
    return a.name == b.name && a.neighbor == b.neighbor && a.source == b.source && a.hop == b.hop;
}

} // namespace

std::uint32_t SessionTable::new_discriminator() const noexcept {
    // Section 6.8.1: nonzero, unique on this system, and random. A source that keeps
    // returning taken values (only a test's would) ends in a linear probe, never a hang.
    const auto taken = [&](std::uint32_t candidate) {
        return candidate == 0 ||
               std::any_of(sessions_.begin(), sessions_.end(),
                           [&](const Session& s) { return s.local_discriminator() == candidate; });
    };
    std::uint32_t candidate = 0;
    for (int attempt = 0; attempt < 16; ++attempt) {
        candidate = random_.next();
        if (!taken(candidate)) {
            return candidate;
        }
    }
    while (taken(candidate)) {
        ++candidate;
    }
    return candidate;
}

void SessionTable::configure(std::vector<SessionSettings> settings, TimePoint now, Actions& out) {
    std::vector<Session> old = std::move(sessions_);
    sessions_.clear();
    sessions_.reserve(settings.size());
    std::vector<bool> adopted(settings.size(), false);
    // Survivors first, so that new sessions draw discriminators unique among them.
    for (std::size_t i = 0; i < settings.size(); ++i) {
        sessions_.emplace_back(static_cast<SessionId>(i), std::move(settings[i]), 0);
    }
    for (auto& session : sessions_) {
        const auto match = std::find_if(old.begin(), old.end(), [&](const Session& o) {
            return same_endpoints(o.settings(), session.settings());
        });
        if (match != old.end()) {
            session.adopt(*match, now, random_);
            adopted[session.id()] = true;
        }
    }
    for (auto& session : sessions_) {
        if (!adopted[session.id()]) {
            session = Session{session.id(), session.settings(), new_discriminator()};
        }
    }
    for (auto& session : sessions_) {
        if (!adopted[session.id()]) {
            session.start(now, started_ ? Session::Start::schedule : Session::Start::send_now,
                          random_, out);
        }
    }
    started_ = true;
    for (const auto& session : sessions_) {
        session.report(out);
    }
}

Session* SessionTable::by_discriminator(std::uint32_t discriminator) noexcept {
    const auto it = std::find_if(sessions_.begin(), sessions_.end(), [&](const Session& s) {
        return s.local_discriminator() == discriminator;
    });
    return it == sessions_.end() ? nullptr : &*it;
}

Session* SessionTable::by_addresses(const ReceivedPacket& packet) noexcept {
    // RFC 5881 section 3 / RFC 5883 section 3: while Your Discriminator is 0 the session is
    // found by the source address (and, if configured, the local address it was sent to).
    const auto it = std::find_if(sessions_.begin(), sessions_.end(), [&](const Session& s) {
        const auto& cfg = s.settings();
        if (cfg.hop != packet.hop || cfg.neighbor != packet.source) {
            return false;
        }
        return !cfg.source || !packet.destination || *cfg.source == *packet.destination;
    });
    return it == sessions_.end() ? nullptr : &*it;
}

DropReason SessionTable::receive(const ReceivedPacket& packet, TimePoint now, Actions& out) {
    const Decoded decoded = decode(packet.payload);
    const auto drop = [&](DropReason reason, std::uint8_t min_ttl) {
        drop_log_.record(reason, packet, decoded, min_ttl, now);
        return reason;
    };
    if (decoded.reason != DropReason::none) {
        return drop(decoded.reason, 0);
    }
    const ControlPacket& p = decoded.packet;
    Session* session =
        p.your_discriminator != 0 ? by_discriminator(p.your_discriminator) : by_addresses(packet);
    if (session == nullptr) {
        return drop(p.your_discriminator != 0 ? DropReason::unknown_discriminator
                                              : DropReason::no_session,
                    0);
    }
    // RFC 5881 section 5: checked once the session (and so its minimum) is known. A packet
    // without a TTL control message is not checked (as keepalived does).
    const std::uint8_t min_ttl = session->settings().min_received_ttl;
    if (packet.ttl != 0 && packet.ttl < min_ttl) {
        return drop(DropReason::ttl, min_ttl);
    }
    // Section 6.8.6: A bit set and no authentication in use: discard.
    if (p.authentication) {
        return drop(DropReason::authentication, 0);
    }
    if (session->state() == SessionState::admin_down) {
        return drop(DropReason::admin_down, 0);
    }
    session->receive(p, now, random_, out);
    return DropReason::none;
}

void SessionTable::expire(TimePoint now, Actions& out) {
    for (auto& session : sessions_) {
        if (session.deadline() <= now) {
            session.expire(now, random_, out);
        }
    }
}

TimePoint SessionTable::deadline() const noexcept {
    TimePoint earliest = Session::never;
    for (const auto& session : sessions_) {
        earliest = std::min(earliest, session.deadline());
    }
    return earliest;
}

void SessionTable::disable(SessionId id, Actions& out) {
    sessions_[id].disable(out);
}

void SessionTable::enable(SessionId id, TimePoint now, Actions& out) {
    sessions_[id].enable(now, random_, out);
}

const Session* SessionTable::find(std::string_view name) const noexcept {
    const auto it = std::find_if(sessions_.begin(), sessions_.end(),
                                 [&](const Session& s) { return s.name() == name; });
    return it == sessions_.end() ? nullptr : &*it;
}

} // namespace vigil::bfd
