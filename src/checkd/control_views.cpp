// The checker engine's state as the control socket's plain views (control/lvs_views.hpp),
// built at the request from check::Engine and CheckControl's records.
#include "checkd/checker_child.hpp"

#include "vigil_build_config.hpp"

#include <unistd.h>

namespace vigil::checkd {

namespace {

std::string_view kind_word(config::VirtualServerKind kind) noexcept {
    switch (kind) {
    case config::VirtualServerKind::address: return "address";
    case config::VirtualServerKind::fwmark: return "fwmark";
    case config::VirtualServerKind::group: return "group";
    }
    return "address";
}

control::LvsCheckerView checker_view(const check::CheckerState& c, const CheckControl::Record* record) {
    control::LvsCheckerView v;
    v.type = checker_keyword(c.type);
    v.up = c.is_up;
    v.has_run = c.has_run;
    v.enabled = c.enabled;
    v.retry = c.retry;
    if (record != nullptr) {
        if (record->reported) {
            v.last_result = outcome_word(record->last);
            v.last_code = record->code;
            v.last_attempt = record->last_time;
        }
        v.since = record->since;
        v.consecutive_failures = record->consecutive_failures;
        v.failures = record->failures;
    }
    v.retries_left = c.is_up && c.retry > v.consecutive_failures ? c.retry - v.consecutive_failures : 0;
    return v;
}

} // namespace

control::LvsStatusView CheckerChild::lvs_status_view() const {
    control::LvsStatusView s;
    s.daemon.version = VIGIL_VERSION;
    s.daemon.pid = static_cast<long>(::getpid());
    s.daemon.started = control_.started();
    s.daemon.config_file = settings_.config_file;
    s.daemon.reloads = control_.reloads();
    s.daemon.last_reload = control_.last_reload();
    s.daemon.control_clients = control_.clients();
    s.daemon.control_refused = control_.refused();
    if (!engine_) {
        return s;
    }
    const auto checkers = engine_->checkers();
    for (const check::VirtualServerState& vs : engine_->virtual_servers()) {
        const config::VirtualServer& c = *vs.config;
        control::LvsVirtualServerView v;
        v.name = vs.name;
        v.kind = kind_word(c.kind_);
        if (c.kind_ == config::VirtualServerKind::address) {
            v.address = c.address_.to_string();
            v.port = c.port_;
        }
        v.fwmark = c.fwmark_;
        v.group = c.group_;
        v.protocol = config::lvs_protocol_name(vs.protocol);
        v.scheduler = c.scheduler_.value_or(config::ipvs_default_scheduler);
        v.alive = vs.alive;
        v.quorum = c.quorum_;
        v.quorum_up = vs.quorum_up;
        v.live_weight = check::live_weight(vs);
        if (vs.sorry) {
            v.sorry_server = vs.sorry->name;
            v.sorry_active = vs.sorry->alive;
        }
        for (const check::ServerState& rs : vs.servers) {
            control::LvsRealServerView r;
            r.name = rs.name;
            r.address = rs.address.to_string();
            r.port = rs.port;
            r.weight = rs.configured_weight;
            r.alive = rs.alive;
            r.in_ipvs = rs.set;
            r.inhibited = rs.set && !rs.alive;
            r.current_weight = rs.set && rs.alive ? check::real_weight(rs.effective_weight) : 0;
            for (const check::CheckerIndex id : rs.checkers) {
                if (id < checkers.size()) {
                    r.checkers.push_back(checker_view(checkers[id], control_.record(id)));
                }
            }
            v.real_servers.push_back(std::move(r));
        }
        s.virtual_servers.push_back(std::move(v));
    }
    return s;
}

} // namespace vigil::checkd
