// Pool: server state, quorum, weights, notifications, start-up and removal (keepalived's
// check/ipwrapper.c).
#include "check/pool.hpp"

#include "check/names.hpp"

#include <fmt/format.h>

namespace vigil::check {

namespace {

using ipvs::Operation;

// keepalived computes quorum thresholds in unsigned int and widens the result to long.
std::int64_t threshold_of(unsigned quorum, unsigned hysteresis, bool subtract) noexcept {
    const unsigned value = subtract ? quorum - hysteresis : quorum + hysteresis;
    return static_cast<std::int64_t>(value);
}

const char* up_down(bool up) noexcept { return up ? "UP" : "DOWN"; }

} // namespace

void Pool::log(std::string text) { out_.emplace_back(LogLine{log::Level::info, std::move(text)}); }

void Pool::smtp(std::string subject, std::string body) {
    if (settings_.smtp) {
        out_.emplace_back(SmtpAlert{std::move(subject), std::move(body)});
    }
}

void Pool::trap(const VirtualServerState& vs, const ServerState* rs, Stopping stopping) {
    if (!settings_.traps) {
        return;
    }
    const config::VirtualServer& cfg = *vs.config;
    CheckerTrap t;
    if (rs != nullptr) {
        t.server = TrapServer{rs->address, rs->port, rs->alive};
    }
    t.group = cfg.kind_ == config::VirtualServerKind::group ? cfg.group_ : std::string();
    t.fwmark = cfg.fwmark_;
    t.address = cfg.address_;
    t.port = cfg.port_;
    t.tcp = vs.protocol == config::LvsProtocol::tcp;
    t.quorum = cfg.quorum_;
    t.quorum_status = stopping == Stopping::yes ? 3 : vs.quorum_up ? 1 : 2;
    t.real_total = static_cast<unsigned>(vs.servers.size());
    for (const ServerState& s : vs.servers) {
        t.real_up += s.alive ? 1 : 0;
    }
    out_.emplace_back(std::move(t));
}

void Pool::server_notifies(const VirtualServerState& vs, const ServerState& rs, Stopping stopping) {
    if (rs.config != nullptr) {
        const auto& script = rs.alive ? rs.config->notify_up_ : rs.config->notify_down_;
        if (script) {
            out_.emplace_back(RunScript{*script, stopping == Stopping::yes ? ScriptContext::stopping : ScriptContext::running});
        }
    }
    if (settings_.fifo) {
        out_.emplace_back(FifoLine{fmt::format("RS {} {} {}", rs.name, vs.name, up_down(rs.alive))});
    }
    trap(vs, &rs, stopping);
}

void Pool::vs_notifies(VirtualServerState& vs, Init init, std::int64_t threshold, std::int64_t sum, Stopping stopping) {
    trap(vs, nullptr, stopping); // before omega's test: SNMP is told at shutdown regardless
    if (stopping == Stopping::yes && !vs.omega) {
        return;
    }
    const config::VirtualServer& cfg = *vs.config;
    const auto& script = vs.quorum_up ? cfg.quorum_up_ : cfg.quorum_down_;
    if (script) {
        out_.emplace_back(RunScript{*script, stopping == Stopping::yes ? ScriptContext::stopping : ScriptContext::running});
    }
    if (settings_.fifo) {
        out_.emplace_back(FifoLine{fmt::format("VS {} {}", vs.name, up_down(vs.quorum_up))});
    }
    if (vs.smtp_alert && settings_.smtp) {
        std::string body;
        if (stopping == Stopping::yes) {
            body = "=> Shutting down <=";
        } else {
            const char* what = vs.quorum_up ? (init == Init::yes ? "Starting with quorum up" : "Gained quorum")
                                            : (init == Init::yes ? "Starting with quorum down" : "Lost quorum");
            body = fmt::format("=> {} {}+{}={} <= {} <=", what, cfg.quorum_, cfg.hysteresis_, threshold, sum);
        }
        smtp(fmt::format("Virtualserver {} - {}", vs.name, up_down(vs.quorum_up)), std::move(body));
    }
}

void Pool::quorum_pool(VirtualServerState& vs, bool add) {
    log(fmt::format("{} the pool for VS {}", add ? "Adding alive servers to" : "Removing alive servers from", vs.name));
    for (ServerState& rs : vs.servers) {
        if (!rs.alive) {
            continue;
        }
        if (add) {
            rs.alive = false;
        }
        command(add ? Operation::add_destination : Operation::remove_destination, vs, &rs);
        rs.alive = true;
    }
}

void Pool::update_quorum(VirtualServerState& vs, Init init) {
    const config::VirtualServer& cfg = *vs.config;
    const std::int64_t sum = live_weight(vs);
    const std::int64_t threshold = threshold_of(cfg.quorum_, cfg.hysteresis_, vs.quorum_up);
    if (!vs.quorum_up && sum >= threshold) {
        vs.quorum_up = true;
        log(fmt::format("Gained quorum {}+{}={} <= {} for VS {}", cfg.quorum_, cfg.hysteresis_, threshold, sum, vs.name));
        if (vs.sorry && vs.sorry->alive) {
            log(fmt::format("{} sorry server {} from VS {}", vs.sorry->inhibit ? "Disabling" : "Removing",
                            vs.sorry->name, vs.name));
            command(Operation::remove_destination, vs, &*vs.sorry);
            vs.sorry->alive = false;
            quorum_pool(vs, true);
        }
        vs_notifies(vs, init, threshold, sum, Stopping::no);
        return;
    }
    if ((vs.quorum_up && (sum == 0 || sum < threshold)) ||
        (init == Init::yes && !vs.quorum_up && vs.sorry && !vs.sorry->alive)) {
        vs.quorum_up = false;
        log(fmt::format("{} {}-{}={} > {} for VS {}", init == Init::yes ? "Starting with quorum down" : "Lost quorum",
                        cfg.quorum_, cfg.hysteresis_, threshold, sum, vs.name));
        if (vs.sorry && !vs.sorry->alive) {
            log(fmt::format("{} sorry server {} to VS {}", vs.sorry->inhibit ? "Enabling" : "Adding", vs.sorry->name,
                            vs.name));
            quorum_pool(vs, false);
            command(Operation::add_destination, vs, &*vs.sorry);
            vs.sorry->alive = true;
        }
        vs_notifies(vs, init, threshold, sum, Stopping::no);
    }
}

bool Pool::change_state(VirtualServerState& vs, ServerState& rs, bool alive) {
    if (rs.alive == alive) {
        return false;
    }
    const char* verb = alive ? (rs.inhibit ? "Enabl" : "Add") : (rs.inhibit ? "Disabl" : "Remov");
    const char* preposition = rs.inhibit ? "of" : alive ? "to" : "from";
    log(fmt::format("{}ing service {} {} VS {}", verb, rs.name, preposition, vs.name));
    if (vs.quorum_up || !vs.sorry || !vs.sorry->alive) {
        command(alive ? Operation::add_destination : Operation::remove_destination, vs, &rs);
    }
    rs.alive = alive;
    server_notifies(vs, rs, Stopping::no);
    update_quorum(vs, Init::no);
    return true;
}

void Pool::update_weight(VirtualServerState& vs, ServerState& rs, std::int64_t weight, bool update_quorum_state) {
    const std::int32_t new_weight = real_weight(weight);
    const std::int32_t old_weight = real_weight(rs.effective_weight);
    rs.effective_weight = weight;
    if (new_weight == old_weight) {
        return;
    }
    log(fmt::format("Changing weight from {} to {} for {}active service {} of VS {}", old_weight, new_weight,
                    rs.alive ? "" : "in", rs.name, vs.name));
    if (rs.set && rs.alive && (vs.quorum_up || !vs.sorry || !vs.sorry->alive)) {
        command(Operation::edit_destination, vs, &rs);
    }
    if (update_quorum_state) {
        update_quorum(vs, Init::no);
    }
}

void Pool::init_virtual_server(VirtualServerState& vs) {
    if (!vs.alive || vs.group != nullptr) {
        command(Operation::add_service, vs, nullptr);
        vs.alive = true;
    }
    for (ServerState& rs : vs.servers) {
        if (rs.reloaded) {
            if (rs.effective_weight != rs.previous_weight) {
                const std::int64_t weight = rs.effective_weight;
                rs.effective_weight = rs.previous_weight;
                update_weight(vs, rs, weight, false);
            }
            continue; // a failed server is not re-added on reload
        }
        if ((rs.failed_checkers == 0 && !rs.alive) || (rs.inhibit && !rs.set)) {
            command(Operation::add_destination, vs, &rs);
            if (rs.failed_checkers == 0) {
                rs.alive = true;
                if (settings_.rs_init_notifies) {
                    server_notifies(vs, rs, Stopping::no);
                }
            }
        }
    }
    if (vs.reloaded && vs.group != nullptr) {
        for (int pass = 0; pass < 2; ++pass) {
            for (const GroupEntryState& entry : vs.group->entries) {
                if (entry.reloaded || entry.config->is_fwmark_ != (pass == 1)) {
                    continue;
                }
                log(fmt::format("VS [{}] added into group {}",
                                group_entry_text(*entry.config, vs.protocol, EntryWording::added),
                                vs.group->config->name_));
                sync_group_entry(vs, entry);
            }
        }
    }
    update_quorum(vs, Init::yes);
    if (vs.sorry && vs.sorry->inhibit && !vs.sorry->set) {
        if (vs.sorry_duplicates_rs) {
            vs.sorry->set = true;
        } else {
            vs.sorry->failed_checkers = 1; // enters at weight 0
            command(Operation::add_destination, vs, &*vs.sorry);
            vs.sorry->failed_checkers = 0;
        }
    }
}

void Pool::update_vs_notifies(VirtualServerState& vs, Stopping stopping) {
    const config::VirtualServer& cfg = *vs.config;
    const std::int64_t threshold = threshold_of(cfg.quorum_, cfg.hysteresis_, true);
    const std::int64_t sum = live_weight(vs);
    if (stopping == Stopping::yes || (vs.quorum_up && (sum == 0 || sum < threshold))) {
        vs.quorum_up = false;
        vs_notifies(vs, Init::no, threshold, sum, stopping);
    }
}

void Pool::clear_server(VirtualServerState& vs, ServerState& rs, Stopping stopping) {
    if (rs.set || stopping == Stopping::yes) {
        log(fmt::format("{} {}service {} from VS {}", stopping == Stopping::yes ? "Shutting down" : "Removing",
                        rs.inhibit && !rs.alive ? "(inhibited) " : "", rs.name, vs.name));
    }
    if (!rs.set) {
        return;
    }
    const bool inhibit = rs.inhibit;
    rs.inhibit = false; // removed for good, even when inhibited
    command(Operation::remove_destination, vs, &rs);
    rs.inhibit = inhibit;
    if (!rs.alive) {
        return;
    }
    rs.alive = false;
    if (!vs.omega && stopping == Stopping::yes) {
        trap(vs, &rs, stopping);
        return;
    }
    server_notifies(vs, rs, stopping);
    if (rs.smtp_alert) {
        smtp(fmt::format("Realserver {} of virtual server {} - DOWN", rs.name, vs.name),
             stopping == Stopping::yes ? "=> Shutting down <=" : "=> Removing <=");
    }
}

void Pool::clear_virtual_server(VirtualServerState& vs, Stopping stopping) {
    if (settings_.flush_on_stop == config::LvsFlushOnStop::per_server) {
        if (vs.sorry && vs.sorry->set) {
            if (vs.sorry_duplicates_rs) {
                vs.sorry->set = false;
            } else {
                const bool inhibit = vs.sorry->inhibit;
                vs.sorry->inhibit = false;
                command(Operation::remove_destination, vs, &*vs.sorry);
                vs.sorry->inhibit = inhibit;
            }
            vs.sorry->alive = false;
        }
        for (ServerState& rs : vs.servers) {
            clear_server(vs, rs, stopping);
        }
        update_vs_notifies(vs, stopping);
    } else {
        update_vs_notifies(vs, stopping);
        if (settings_.flush_on_stop == config::LvsFlushOnStop::virtual_servers && vs.group != nullptr) {
            // keepalived takes one off per configured server, alive or not.
            for (GroupEntryState& entry : vs.group->entries) {
                entry_count(entry, vs) -= static_cast<unsigned>(vs.servers.size());
            }
        }
        if (vs.sorry && vs.sorry->set) {
            vs.sorry->alive = false;
        }
    }
    command(Operation::remove_service, vs, nullptr);
    vs.alive = false;
}

void Pool::clear_all() {
    if (settings_.flush_on_stop == config::LvsFlushOnStop::full) {
        emit(Operation::flush, ipvs::Service{}, nullptr);
        for (VirtualServerState& vs : topology_.virtual_servers) {
            update_vs_notifies(vs, Stopping::yes);
        }
        return;
    }
    for (VirtualServerState& vs : topology_.virtual_servers) {
        clear_virtual_server(vs, Stopping::yes);
    }
}

} // namespace vigil::check
