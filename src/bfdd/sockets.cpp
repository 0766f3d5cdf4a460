// The BFD child's sockets: the listener(s), one output socket per session, receiving and
// sending, and the retry of output sockets that could not be opened.
#include "bfdd/bfd_child.hpp"

#include "bfd/codec.hpp"
#include "util/log.hpp"

#include <cerrno>
#include <cstring>

namespace vigil::bfdd {
namespace {

bool same_output(const bfd::SessionSettings& a, const bfd::SessionSettings& b) noexcept {
    return a.name == b.name && a.neighbor == b.neighbor && a.source == b.source && a.hop == b.hop &&
           a.send_ttl == b.send_ttl;
}

} // namespace

bool BfdChild::open_listeners(const std::vector<bfd::SessionSettings>& sessions) {
    // keepalived opens the single-hop listener whatever the configuration; the multihop
    // one (RFC 5883) only when a session needs it.
    const auto open = [this](std::optional<udp::BfdListener>& slot, bfd::Hop hop) {
        if (slot) {
            return true; // kept across reloads
        }
        std::string error;
        slot = udp::BfdListener::open(hop, error);
        if (!slot) {
            log::error("{}", error);
            return false;
        }
        udp::BfdListener* listener = &*slot;
        if (loop_.add_reader(listener->fd(), [this, listener](std::uint32_t) { on_readable(*listener); })) {
            slot.reset();
            return false;
        }
        return true;
    };
    bool ok = open(single_hop_, bfd::Hop::single);
    const bool multihop = std::any_of(sessions.begin(), sessions.end(),
                                      [](const bfd::SessionSettings& s) { return s.hop == bfd::Hop::multi; });
    if (multihop) {
        ok = open(multihop_, bfd::Hop::multi) && ok;
    }
    return ok;
}

void BfdChild::on_readable(udp::BfdListener& listener) noexcept {
    const log::Hold hold; // lines after the packets and reports (see on_engine_timer)
    bfd::Actions actions;
    for (std::size_t i = 0; i < receive_budget; ++i) {
        const auto packet = listener.read();
        if (!packet) {
            break;
        }
        const bfd::TimePoint now = bfd::Clock::now();
        const bfd::DropReason reason = table_.receive(*packet, now, actions);
        if (reason == bfd::DropReason::admin_down) {
            // keepalived tries the output socket again when its peer speaks.
            const bfd::Session* session = nullptr;
            for (const bfd::Session& s : table_.sessions()) {
                if (s.state() == bfd::SessionState::admin_down && s.settings().neighbor == packet->source) {
                    session = &s;
                    break;
                }
            }
            if (session != nullptr) {
                const bfd::SessionId id = session->id();
                if (auto sender = open_output(session->settings())) {
                    outputs_[id].sender = std::move(sender);
                    table_.enable(id, now, actions);
                    table_.receive(*packet, now, actions);
                }
            }
        }
        execute(actions);
    }
    rearm();
}

std::optional<udp::BfdSender> BfdChild::open_output(const bfd::SessionSettings& settings) noexcept {
    try {
        std::string error;
        auto sender = udp::BfdSender::open(settings, ports_, random_.next(), error);
        if (!sender) {
            log::detail("({}) {}", settings.name, error);
        }
        return sender;
    } catch (...) {
        return std::nullopt;
    }
}

void BfdChild::prepare_outputs(const std::vector<bfd::SessionSettings>& sessions) {
    std::vector<Output> outputs(sessions.size());
    for (bfd::SessionId id = 0; id < sessions.size(); ++id) {
        for (const bfd::Session& old : table_.sessions()) {
            if (same_output(old.settings(), sessions[id]) && outputs_[old.id()].sender) {
                outputs[id] = std::move(outputs_[old.id()]);
                break;
            }
        }
        if (!outputs[id].sender) {
            outputs[id].sender = open_output(sessions[id]);
        }
    }
    outputs_ = std::move(outputs);
}

void BfdChild::disable_unopened(bfd::Actions& actions) {
    bool retry = false;
    for (const bfd::Session& session : table_.sessions()) {
        if (outputs_[session.id()].sender) {
            continue;
        }
        if (session.state() != bfd::SessionState::admin_down) {
            log::error("({}) Unable to open output socket, disabling instance", session.name());
            table_.disable(session.id(), actions);
        }
        retry = true;
    }
    if (retry) {
        loop_.arm(reopen_timer_, bfd::Clock::now() + reopen_interval);
    } else {
        loop_.disarm(reopen_timer_);
    }
}

void BfdChild::on_reopen_timer() noexcept {
    bfd::Actions actions;
    const bfd::TimePoint now = bfd::Clock::now();
    bool retry = false;
    for (const bfd::Session& session : table_.sessions()) {
        if (outputs_[session.id()].sender) {
            continue;
        }
        if (auto sender = open_output(session.settings())) {
            outputs_[session.id()].sender = std::move(sender);
            table_.enable(session.id(), now, actions);
        } else {
            retry = true;
        }
    }
    if (retry) {
        loop_.arm(reopen_timer_, now + reopen_interval);
    }
    execute(actions);
    rearm();
}

void BfdChild::send(const bfd::SendControl& packet) noexcept {
    Output& output = outputs_[packet.session];
    if (!output.sender) {
        return;
    }
    buffer_.clear();
    try {
        bfd::encode(packet.packet, buffer_);
    } catch (...) {
        return; // allocation of 24 bytes failed: the next packet will do
    }
    if (output.sender->send(buffer_)) {
        output.send_error = false;
        return;
    }
    if (!output.send_error) {
        // keepalived's two lines, once until a send succeeds again.
        log::error("sendto() error ({})", std::strerror(errno));
        log::error("({}) Error sending packet", table_.session(packet.session).name());
        output.send_error = true;
    }
}

} // namespace vigil::bfdd
