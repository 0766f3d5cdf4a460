#include "snmp/agentx_session.hpp"

#include "util/log.hpp"

#include <algorithm>

namespace vigil::snmp {

using agentx::PduType;
using agentx::ResponseError;

namespace {

// Bounds what one GetBulk answer may carry (the master truncates to its own PDU size anyway).
constexpr std::size_t max_bulk_varbinds = 2048;

bool is_request(PduType type) noexcept {
    switch (type) {
    case PduType::get:
    case PduType::get_next:
    case PduType::get_bulk:
    case PduType::test_set:
    case PduType::commit_set:
    case PduType::undo_set:
    case PduType::ping:
        return true;
    default:
        return false;
    }
}

} // namespace

AgentxSession::AgentxSession(std::string description, std::vector<Registration> registrations,
                             View view)
    : description_(std::move(description)), registrations_(std::move(registrations)),
      view_(std::move(view)) {}

void AgentxSession::start(TimePoint now) {
    phase_ = Phase::opening;
    session_id_ = 0;
    pending_.clear();
    set_.reset();
    input_.clear();
    output_.clear();
    last_activity_ = now;
    // Section 6.2.1: o.timeout 0 lets the master use its default.
    send_request(PduType::open, agentx::OpenPdu{0, Oid{}, description_}, Awaiting::open, 0, now);
}

void AgentxSession::send(const agentx::Pdu& pdu) { agentx::encode(pdu, output_); }

void AgentxSession::send_request(PduType type, agentx::Body body, Awaiting what,
                                 std::size_t index, TimePoint now) {
    const std::uint32_t id = next_packet_id_++;
    agentx::Pdu pdu;
    pdu.header.type = type;
    pdu.header.session_id = session_id_;
    pdu.header.transaction_id = id;
    pdu.header.packet_id = id;
    pdu.body = std::move(body);
    send(pdu);
    pending_[id] = Pending{what, index, now};
}

void AgentxSession::answer(const agentx::Header& request, ResponseError error,
                           std::uint16_t index, std::vector<VarBind> varbinds) {
    // Section 7.2.4: a response echoes the request's session, transaction and packet ids.
    agentx::Pdu pdu;
    pdu.header.type = PduType::response;
    pdu.header.session_id = request.session_id;
    pdu.header.transaction_id = request.transaction_id;
    pdu.header.packet_id = request.packet_id;
    pdu.body = agentx::ResponsePdu{0, error, index, std::move(varbinds)};
    send(pdu);
}

void AgentxSession::receive(std::span<const std::byte> bytes, TimePoint now) {
    if (phase_ == Phase::idle || phase_ == Phase::finished) {
        return;
    }
    last_activity_ = now;
    input_.insert(input_.end(), bytes.begin(), bytes.end());
    std::size_t used = 0;
    while (phase_ != Phase::finished) {
        const std::span<const std::byte> rest = std::span(input_).subspan(used);
        const std::optional<std::size_t> size = agentx::frame_size(rest);
        if (!size) {
            break;
        }
        if (*size > agentx::header_size + agentx::max_payload) {
            finish("oversized PDU from the master agent");
            break;
        }
        if (rest.size() < *size) {
            break;
        }
        agentx::Decoded decoded = agentx::decode(rest.first(*size));
        used += *size;
        if (decoded.pdu) {
            handle(*decoded.pdu, now);
            continue;
        }
        // Section 7.2.2: answer a request we cannot parse with parseError; anything else
        // breaks the stream.
        if (decoded.header && is_request(decoded.header->type) &&
            decoded.error != agentx::DecodeError::bad_length) {
            answer(*decoded.header, ResponseError::parse_error, 0, {});
            continue;
        }
        log::warning("AgentX: {} from the master agent", agentx::to_string(decoded.error));
        finish(nullptr);
    }
    input_.erase(input_.begin(), input_.begin() + static_cast<std::ptrdiff_t>(std::min(used, input_.size())));
}

void AgentxSession::handle(const agentx::Pdu& pdu, TimePoint now) {
    const agentx::Header& h = pdu.header;
    if (h.type == PduType::response) {
        handle_response(pdu, now);
        return;
    }
    if (pdu.context) {
        // Everything is registered in the default context (section 7.1.4.1).
        answer(h, ResponseError::unsupported_context, 0, {});
        return;
    }
    switch (h.type) {
    case PduType::get:
    case PduType::get_next: {
        const MibTree& tree = view_();
        std::vector<VarBind> out;
        for (const agentx::SearchRange& r : std::get<agentx::GetPdu>(pdu.body).ranges) {
            out.push_back(h.type == PduType::get ? tree.get(r.start)
                                                 : tree.get_next(r.start, r.include, r.end));
        }
        answer(h, ResponseError::no_error, 0, std::move(out));
        return;
    }
    case PduType::get_bulk:
        answer(h, ResponseError::no_error, 0, get_bulk(std::get<agentx::GetBulkPdu>(pdu.body), view_()));
        return;
    case PduType::test_set:
        test_set(pdu);
        return;
    case PduType::commit_set:
    case PduType::undo_set:
    case PduType::cleanup_set:
        end_set(pdu);
        return;
    case PduType::ping:
        answer(h, ResponseError::no_error, 0, {});
        return;
    case PduType::close:
        finish("AgentX master agent closed the session");
        return;
    default:
        answer(h, ResponseError::processing_error, 0, {});
        return;
    }
}

// Section 7.2.4.1: every varbind is validated before any is changed; the first refusal
// answers with its index and nothing stays pending.
void AgentxSession::test_set(const agentx::Pdu& pdu) {
    const agentx::Header& h = pdu.header;
    set_.reset();
    const std::vector<VarBind>& varbinds = std::get<agentx::VarBindsPdu>(pdu.body).varbinds;
    if (varbinds.size() > max_set_varbinds) {
        answer(h, ResponseError::resource_unavailable, 0, {});
        return;
    }
    const MibTree& tree = view_();
    PendingSet pending{h.transaction_id, false, {}};
    for (std::size_t i = 0; i < varbinds.size(); ++i) {
        SetCheck check = tree.test_set(varbinds[i]);
        if (check.error != SetError::no_error) {
            answer(h, static_cast<ResponseError>(check.error), static_cast<std::uint16_t>(i + 1), {});
            return;
        }
        pending.commits.push_back(std::move(check.commit));
    }
    set_ = std::move(pending);
    answer(h, ResponseError::no_error, 0, {});
}

// Sections 7.2.4.2-7.2.4.4. A CommitSet, UndoSet or CleanupSet for no set under way (or
// another transaction) is a processingError; CleanupSet is never answered.
void AgentxSession::end_set(const agentx::Pdu& pdu) {
    const agentx::Header& h = pdu.header;
    const bool ours = set_ && set_->transaction_id == h.transaction_id;
    switch (h.type) {
    case PduType::commit_set:
        if (!ours || set_->committed) {
            answer(h, ResponseError::processing_error, 0, {});
            return;
        }
        set_->committed = true;
        answer(h, ResponseError::no_error, 0, {});
        return;
    case PduType::undo_set:
        answer(h, ours ? ResponseError::no_error : ResponseError::processing_error, 0, {});
        if (ours) {
            set_.reset();
        }
        return;
    default: // cleanup_set
        if (ours && set_->committed) {
            std::vector<std::function<void()>> commits = std::move(set_->commits);
            set_.reset();
            for (auto& commit : commits) {
                try {
                    commit();
                } catch (const std::bad_alloc&) {
                    throw;
                } catch (...) {
                }
            }
        } else if (ours) {
            set_.reset();
        }
        return;
    }
}

// Section 7.2.3.3: the non-repeaters once, then up to max_repetitions rounds of the
// repeaters, each continuing from its previous answer; stops after a round in which every
// repeater reached the end of the view.
std::vector<VarBind> AgentxSession::get_bulk(const agentx::GetBulkPdu& pdu, const MibTree& tree) const {
    std::vector<VarBind> out;
    const std::size_t n = std::min<std::size_t>(pdu.non_repeaters, pdu.ranges.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto& r = pdu.ranges[i];
        out.push_back(tree.get_next(r.start, r.include, r.end));
    }
    const std::size_t repeaters = pdu.ranges.size() - n;
    if (repeaters == 0) {
        return out;
    }
    std::vector<Oid> cursor;
    std::vector<bool> include;
    for (std::size_t i = n; i < pdu.ranges.size(); ++i) {
        cursor.push_back(pdu.ranges[i].start);
        include.push_back(pdu.ranges[i].include);
    }
    for (std::uint16_t round = 0; round < pdu.max_repetitions; ++round) {
        if (out.size() + repeaters > max_bulk_varbinds) {
            break;
        }
        bool all_ended = true;
        for (std::size_t k = 0; k < repeaters; ++k) {
            VarBind vb = tree.get_next(cursor[k], include[k], pdu.ranges[n + k].end);
            if (vb.value.syntax != Syntax::end_of_mib_view) {
                all_ended = false;
                cursor[k] = vb.name;
                include[k] = false;
            }
            out.push_back(std::move(vb));
        }
        if (all_ended) {
            break;
        }
    }
    return out;
}

void AgentxSession::handle_response(const agentx::Pdu& pdu, TimePoint now) {
    const auto it = pending_.find(pdu.header.packet_id);
    if (it == pending_.end()) {
        return;
    }
    const Pending p = it->second;
    pending_.erase(it);
    const ResponseError error = std::get<agentx::ResponsePdu>(pdu.body).error;
    switch (p.what) {
    case Awaiting::open:
        if (error != ResponseError::no_error) {
            log::error("AgentX master agent refused the session (error {})", static_cast<unsigned>(error));
            finish(nullptr);
            return;
        }
        session_id_ = pdu.header.session_id;
        phase_ = Phase::registering;
        for (std::size_t i = 0; i < registrations_.size(); ++i) {
            // Section 6.2.3: r.priority 127 is the default; no range, no timeout override.
            send_request(PduType::register_, agentx::RegisterPdu{0, 127, 0, registrations_[i].subtree, 0},
                         Awaiting::registration, i, now);
        }
        for (std::size_t i = 0; i < registrations_.size(); ++i) {
            send_request(PduType::add_agent_caps,
                         agentx::AgentCapsPdu{registrations_[i].subtree, registrations_[i].description},
                         Awaiting::agent_caps, i, now);
        }
        break;
    case Awaiting::registration:
        if (error != ResponseError::no_error) {
            // keepalived's wording ("Unable to register %s MIB"), naming the subtree.
            log::warning("Unable to register {} MIB (AgentX error {})",
                         registrations_[p.registration].subtree.to_string(), static_cast<unsigned>(error));
        }
        break;
    case Awaiting::agent_caps:
        if (error != ResponseError::no_error) {
            log::detail("AgentX: sysORTable entry for {} refused (error {})",
                        registrations_[p.registration].subtree.to_string(), static_cast<unsigned>(error));
        }
        break;
    case Awaiting::notify:
        if (error != ResponseError::no_error) {
            log::warning("AgentX master agent refused a notification (error {})", static_cast<unsigned>(error));
        }
        break;
    case Awaiting::ping:
    case Awaiting::close:
        break;
    }
    if (phase_ == Phase::registering &&
        std::none_of(pending_.begin(), pending_.end(), [](const auto& e) {
            return e.second.what == Awaiting::registration || e.second.what == Awaiting::agent_caps;
        })) {
        become_ready(now);
    }
}

void AgentxSession::become_ready(TimePoint now) {
    phase_ = Phase::ready;
    log::info("vigil AgentX subagent connected");
    while (!queued_.empty() && phase_ == Phase::ready) {
        send_notification(std::move(queued_.front()), now);
        queued_.pop_front();
    }
}

void AgentxSession::notify(std::vector<VarBind> varbinds, TimePoint now) {
    if (phase_ == Phase::ready) {
        send_notification(std::move(varbinds), now);
        return;
    }
    if (queued_.size() == max_queued_notifications) {
        queued_.pop_front();
    }
    queued_.push_back(std::move(varbinds));
}

void AgentxSession::send_notification(std::vector<VarBind> varbinds, TimePoint now) {
    send_request(PduType::notify, agentx::VarBindsPdu{std::move(varbinds)}, Awaiting::notify, 0, now);
}

void AgentxSession::close() {
    if (phase_ == Phase::ready || phase_ == Phase::registering) {
        agentx::Pdu pdu;
        pdu.header.type = PduType::close;
        pdu.header.session_id = session_id_;
        pdu.header.packet_id = next_packet_id_++;
        pdu.header.transaction_id = pdu.header.packet_id;
        pdu.body = agentx::ClosePdu{agentx::CloseReason::shutdown};
        send(pdu);
    }
    phase_ = Phase::finished;
    pending_.clear();
    set_.reset();
}

void AgentxSession::disconnected() noexcept { finish(nullptr); }

void AgentxSession::finish(const char* why) noexcept {
    if (why != nullptr && phase_ != Phase::finished) {
        log::warning("{}", why);
    }
    phase_ = Phase::finished;
    pending_.clear();
    set_.reset();
}

AgentxSession::TimePoint AgentxSession::deadline() const noexcept {
    TimePoint out = TimePoint::max();
    for (const auto& [id, p] : pending_) {
        out = std::min(out, p.sent + response_timeout);
    }
    if (phase_ == Phase::ready) {
        out = std::min(out, last_activity_ + ping_interval);
    }
    return out;
}

void AgentxSession::on_timer(TimePoint now) {
    for (const auto& [id, p] : pending_) {
        if (now >= p.sent + response_timeout) {
            finish("AgentX master agent failed to respond");
            return;
        }
    }
    if (phase_ == Phase::ready && now >= last_activity_ + ping_interval) {
        last_activity_ = now;
        send_request(PduType::ping, agentx::EmptyPdu{}, Awaiting::ping, 0, now);
    }
}

} // namespace vigil::snmp
