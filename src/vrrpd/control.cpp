// The control socket (vigil(1), docs/control-protocol.md) and the Prometheus endpoint
// (--metrics-listen, docs/metrics.md), served by the VRRP child on its own event loop: the
// state they report is the engine's, read at the moment of the request. Every request is
// answered within the loop iteration that reads it (a reload excepted: its reply waits for
// the reload), with bounded work (control/server.hpp), so adverts are never delayed.
#include "vrrpd/vrrp_child.hpp"

#include "control/client.hpp"
#include "control/explain.hpp"
#include "control/schema.hpp"
#include "metrics/text_format.hpp"
#include "process/parent_control.hpp"
#include "util/log.hpp"
#include "vrrp/tracking.hpp"
#include "vrrpd/reload_preview.hpp"

#include "vigil_build_config.hpp"

#include <signal.h>
#include <unistd.h>


namespace vigil::vrrpd {
namespace {

double epoch_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

// The wall-clock time of an engine (monotonic) time point.
double wall_of(vrrp::TimePoint t) {
    const auto wall = std::chrono::system_clock::now() - (vrrp::Clock::now() - t);
    return epoch_seconds(std::chrono::time_point_cast<std::chrono::system_clock::duration>(wall));
}

double seconds(vrrp::Duration d) {
    return std::chrono::duration<double>(d).count();
}

std::string_view cause_code(vrrp::TransitionCause cause) {
    switch (cause) {
    case vrrp::TransitionCause::none: return "none";
    case vrrp::TransitionCause::init: return "init";
    case vrrp::TransitionCause::timeout: return "timeout";
    case vrrp::TransitionCause::higher_priority: return "higher_priority";
    case vrrp::TransitionCause::fault: return "fault";
    case vrrp::TransitionCause::recovered: return "recovered";
    case vrrp::TransitionCause::vip_deleted: return "vip_deleted";
    case vrrp::TransitionCause::sync_group: return "sync_group";
    case vrrp::TransitionCause::stop: return "stop";
    }
    return "none";
}

std::string_view kind_word(vrrp::TrackerKind kind) {
    switch (kind) {
    case vrrp::TrackerKind::interface: return "interface";
    case vrrp::TrackerKind::script: return "script";
    case vrrp::TrackerKind::file: return "file";
    case vrrp::TrackerKind::process: return "process";
    case vrrp::TrackerKind::bfd: return "bfd";
    }
    return "interface";
}

std::string_view health_word(vrrp::TrackerHealth health) {
    switch (health) {
    case vrrp::TrackerHealth::unknown: return "unknown";
    case vrrp::TrackerHealth::up: return "up";
    case vrrp::TrackerHealth::down: return "down";
    }
    return "unknown";
}

} // namespace

void VrrpChild::start_control() noexcept {
    control_.started = epoch_seconds(std::chrono::system_clock::now());
    try {
        control_.reload_timer = loop_.create_timer([this] {
            for (const auto& [c, id] : control_.reload_waiters) {
                control_.server->reply(c, control::reply_error(id, control::ErrorCode::failed,
                                                               "the reload was not applied within 30 s (refused by the "
                                                               "parent? see the log)"));
            }
            control_.reload_waiters.clear();
        });
        // The parent serves settings_.control_socket and relays the instance requests here
        // (process/parent_control.hpp); this socket is root's only (the parent's).
        const std::string path =
            settings_.control_socket.empty() ? std::string() : process::vrrp_socket_path(settings_.control_socket);
        std::string error;
        if (!path.empty() && control::Client::connect(path, error)) {
            log::warning("Control socket {} is in use by another process - not serving it", path);
        } else if (!path.empty()) {
            control_.server = std::make_unique<control::Server>(
                loop_, [this](control::ClientId client, const control::Peer&, const control::Request& request) {
                    return on_control(client, request);
                });
            std::string what;
            if (const std::error_code ec = control_.server->listen({path, 0600, std::nullopt}, what)) {
                log::error("Control socket {}: {} failed - {}", path, what, ec.message());
                control_.server.reset();
            }
        }
        if (!settings_.metrics_compat.empty() && !metrics::parse_compat(settings_.metrics_compat, control_.compat)) {
            log::warning("--metrics-compat={}: unknown family (mehdy, gen2brain, all) - ignored", settings_.metrics_compat);
        }
        if (settings_.metrics_listen) {
            metrics::ListenAddress address;
            if (!metrics::parse_listen_address(*settings_.metrics_listen, address)) {
                log::error("--metrics-listen={}: expected ADDRESS:PORT - metrics are not served", *settings_.metrics_listen);
                return;
            }
            control_.http = std::make_unique<metrics::HttpListener>(
                loop_, [this] { return metrics::render(status_view(), control_.compat); });
            if (const std::error_code ec = control_.http->listen(address)) {
                log::error("Metrics listener {}: {}", *settings_.metrics_listen, ec.message());
                control_.http.reset();
            } else if (!settings_.control_socket.empty()) {
                serve_lvs_metrics();
            }
        }
    } catch (const std::exception& e) {
        log::error("Control socket: {}", e.what());
    }
}

// GET /metrics: ours, then the checker process's vigil_lvs_* families, asked of its socket
// (at most 2 s; none when it does not run).
void VrrpChild::serve_lvs_metrics() {
    control_.fetch = std::make_unique<control::Fetch>(loop_, std::chrono::seconds(2));
    control_.http->set_extra([this](metrics::HttpListener::Completion done) {
        control::Request request{nullptr, control::Method::metrics};
        request.process = control::Process::checker;
        control_.fetch->get(process::check_socket_path(settings_.control_socket), request,
                            [done = std::move(done)](const control::Json* result) {
                                const control::Json* text = result != nullptr ? result->find("text") : nullptr;
                                done(text != nullptr && text->string() != nullptr ? *text->string() : std::string());
                            });
    });
}

control::StatusView VrrpChild::status_view() const {
    control::StatusView s;
    s.daemon.version = VIGIL_VERSION;
    s.daemon.pid = static_cast<long>(::getpid());
    s.daemon.started = control_.started;
    s.daemon.config_file = settings_.config_file;
    s.daemon.reloads = control_.reloads;
    s.daemon.reload_failures = control_.reload_failures;
    s.daemon.last_reload = control_.last_reload;
    if (control_.server) {
        s.daemon.control_clients = control_.server->clients();
        s.daemon.control_refused = control_.server->refused();
    }
    if (!router_) {
        return s;
    }
    for (InstanceId id = 0; id < instance_count(); ++id) {
        const vrrp::Instance& inst = router_->instance(id);
        const vrrp::InstanceConfig& c = inst.config();
        control::InstanceView v;
        v.name = c.name;
        v.state = vrrp::to_string(inst.state());
        v.want_state = vrrp::to_string(inst.want_state());
        v.initial_state = c.initial_state == vrrp::InitialState::master ? "MASTER" : "BACKUP";
        v.vrid = c.vrid;
        v.version = static_cast<unsigned>(c.version);
        v.family = c.family == net::Family::ipv4 ? "ipv4" : "ipv6";
        v.interface = c.interface;
        if (const auto g = router_->group_of(id)) {
            v.sync_group = router_->groups()[*g].name();
        }
        v.base_priority = inst.base_priority();
        v.effective_priority = inst.effective_priority();
        v.address_owner = inst.base_priority() == vrrp::owner_priority;
        v.nopreempt = c.preempt == vrrp::PreemptMode::nopreempt;
        v.preempt_delay = seconds(c.preempt_delay);
        v.advert_interval = seconds(c.advert_interval);
        v.master_down_interval = seconds(inst.master_down_interval());
        if (inst.source()) {
            v.source_address = inst.source()->to_string();
        }
        if (inst.state() == vrrp::State::master) {
            v.master_address = v.source_address;
            v.master_priority = inst.effective_priority();
        } else if (inst.master_address()) {
            v.master_address = inst.master_address()->to_string();
            v.master_priority = inst.master_priority();
        }
        for (const auto& [list, excluded] : {std::pair{&c.vips, false}, {&c.evips, true}}) {
            for (const vrrp::VirtualAddress& a : *list) {
                v.vips.push_back({vip_text(a), a.interface.empty() ? c.interface : a.interface, excluded});
            }
        }
        v.vips_held = inst.state() == vrrp::State::master;
        v.garp_delay = seconds(c.garp.master_delay);
        if (const auto t = control_.transitions.find(c.name); t != control_.transitions.end()) {
            v.transitions = t->second;
        }
        if (inst.last_transition() != vrrp::TimePoint{}) {
            v.last_transition = wall_of(inst.last_transition());
        }
        v.last_reason = cause_code(inst.last_cause());
        for (const vrrp::TrackRef& ref : c.trackers) {
            control::TrackerView t;
            t.kind = kind_word(ref.kind);
            t.name = ref.name;
            t.weight = ref.weight;
            t.reverse = ref.reverse == vrrp::TrackerReverse::reverse;
            if (const auto tid = router_->find_tracker(ref.kind, ref.name)) {
                const vrrp::Tracker& tracker = router_->trackers()[*tid];
                const vrrp::TrackEffect e = vrrp::track_effect(ref, tracker);
                t.health = health_word(tracker.health);
                t.value = tracker.value;
                t.delta = e.delta;
                t.causes_fault = e.fault;
                if (tracker.changed_at != vrrp::TimePoint{}) {
                    t.since = wall_of(tracker.changed_at);
                }
            } else {
                t.health = "unknown";
            }
            v.trackers.push_back(std::move(t));
        }
        vrrp::Stats st = runtime_[id].stats;
        st.become_master = inst.stats().become_master;
        st.release_master = inst.stats().release_master;
        v.counters = {{"advert_rcvd", st.advert_rcvd},
                      {"advert_sent", st.advert_sent},
                      {"become_master", st.become_master},
                      {"release_master", st.release_master},
                      {"packet_len_err", st.packet_len_err},
                      {"advert_interval_err", st.advert_interval_err},
                      {"ip_ttl_err", st.ip_ttl_err},
                      {"invalid_type_rcvd", st.invalid_type_rcvd},
                      {"addr_list_err", st.addr_list_err},
                      {"invalid_authtype", st.invalid_authtype},
                      {"authtype_mismatch", st.authtype_mismatch},
                      {"auth_failure", st.auth_failure},
                      {"pri_zero_rcvd", st.pri_zero_rcvd},
                      {"pri_zero_sent", st.pri_zero_sent}};
        for (std::size_t r = 1; r < vrrp::drop_reason_count; ++r) {
            const auto reason = static_cast<vrrp::DropReason>(r);
            v.drops.emplace_back(vrrp::drop_reason_name(reason), runtime_[id].drops.dropped(reason));
        }
        s.instances.push_back(std::move(v));
    }
    if (!runtime_.empty()) {
        // receive.cpp records drops before an instance is known in the first instance's log
        for (std::size_t r = 1; r < vrrp::drop_reason_count; ++r) {
            const auto reason = static_cast<vrrp::DropReason>(r);
            s.unattributed_drops.emplace_back(vrrp::drop_reason_name(reason),
                                              runtime_[0].drops.dropped_unattributed(reason));
        }
    }
    for (const vrrp::SyncGroup& g : router_->groups()) {
        control::GroupView v;
        v.name = g.name();
        v.state = vrrp::to_string(g.state());
        for (const InstanceId m : g.members()) {
            v.members.push_back(router_->instance(m).name());
        }
        s.groups.push_back(std::move(v));
    }
    return s;
}

control::ReloadPreview VrrpChild::reload_preview() const {
    control::ReloadPreview p;
    PreviewLoad loaded;
    if (control_.preview) {
        loaded = control_.preview();
    }
    p.diagnostics = loaded.diagnostics;
    if (!loaded.config || !router_) {
        p.loadable = false;
        return p;
    }
    const log::Mute mute; // engine_config_of warns as the real reload will
    EngineConfig next = engine_config_of(*loaded.config, notify_.default_user());
    std::vector<std::optional<net::IpAddress>> sources;
    for (const vrrp::InstanceConfig& c : next.instances) {
        sources.push_back(source_of(c));
    }
    control::ReloadPreview engine = preview_reload(*router_, std::move(next.instances), std::move(next.groups),
                                                   vrrp::Clock::now(), sources);
    engine.diagnostics.insert(engine.diagnostics.begin(), p.diagnostics.begin(), p.diagnostics.end());
    return engine;
}

control::Outcome VrrpChild::on_control(control::ClientId client, const control::Request& r) noexcept {
    using control::ErrorCode;
    try {
        switch (r.method) {
        case control::Method::status:
            return {control::reply_result(r.id, control::status_result(status_view()))};
        case control::Method::stats:
            return {control::reply_result(r.id, control::stats_result(status_view()))};
        case control::Method::explain: {
            control::StatusView s = status_view();
            for (const control::InstanceView& i : s.instances) {
                if (i.name == r.instance) {
                    return {control::reply_result(r.id, control::explain_result(i, control::explain(i)))};
                }
            }
            return {control::reply_error(r.id, ErrorCode::not_found, "no instance named " + r.instance)};
        }
        case control::Method::events: {
            control::Json events = control::Json::array();
            for (const control::EventView& e : control_.events) {
                events.push(control::to_json(e));
            }
            control::Json result = control::Json::object();
            result.set("events", std::move(events));
            return {control::reply_result(r.id, result), r.follow};
        }
        case control::Method::metrics: {
            control::Json result = control::Json::object();
            result.set("content_type", std::string(metrics::content_type));
            result.set("text", metrics::render(status_view(), control_.compat));
            return {control::reply_result(r.id, result)};
        }
        case control::Method::processes:
            return {control::reply_error(r.id, ErrorCode::unknown_method,
                                         "processes is answered by the parent's socket " + settings_.control_socket)};
        case control::Method::reload: {
            if (r.preview) {
                return {control::reply_result(r.id, control::to_json(reload_preview()))};
            }
            if (!control_.reload_waiters.empty()) {
                control_.reload_waiters.emplace_back(client, r.id); // the same reload answers both
                return {std::nullopt};
            }
            control::ReloadPreview p = reload_preview();
            if (!p.loadable) {
                std::string message = "the configuration on disk would be refused";
                for (const std::string& d : p.diagnostics) {
                    message += "\n" + d;
                }
                return {control::reply_error(r.id, ErrorCode::failed, message)};
            }
            // As keepalived's D-Bus ReloadConfig: the parent reloads (it alone reads the files)
            // and hands the accepted configuration to this child, whose reload() answers.
            if (::kill(::getppid(), SIGHUP) != 0) {
                return {control::reply_error(r.id, ErrorCode::failed, "cannot signal the parent process")};
            }
            control_.pending_preview = std::move(p);
            control_.reload_waiters.emplace_back(client, r.id);
            loop_.arm(control_.reload_timer, runtime::Clock::now() + ControlState::reload_timeout);
            return {std::nullopt};
        }
        }
    } catch (const std::exception& e) {
        return {control::reply_error(r.id, ErrorCode::failed, e.what())};
    }
    return {control::reply_error(r.id, ErrorCode::unknown_method, "unknown method")};
}

void VrrpChild::record_transition(const vrrp::Notify& action) noexcept {
    std::string_view to;
    switch (action.event) {
    case vrrp::NotifyEvent::master: to = "MASTER"; break;
    case vrrp::NotifyEvent::backup: to = "BACKUP"; break;
    case vrrp::NotifyEvent::fault: to = "FAULT"; break;
    case vrrp::NotifyEvent::stop: to = "STOP"; break;
    case vrrp::NotifyEvent::deleted: to = "DELETED"; break;
    case vrrp::NotifyEvent::master_rx_lower_pri:
    case vrrp::NotifyEvent::master_priority:
    case vrrp::NotifyEvent::backup_priority:
        return; // not transitions
    }
    try {
        control::EventView e;
        e.sequence = ++control_.sequence;
        e.time = epoch_seconds(std::chrono::system_clock::now());
        e.kind = action.target == vrrp::NotifyTarget::instance ? "instance" : "group";
        e.name = action.name;
        std::string& last = control_.last_state[action.name];
        e.from = last.empty() ? "INIT" : last;
        e.to = to;
        last = e.to;
        e.priority = action.priority;
        if (action.event == vrrp::NotifyEvent::stop) {
            e.reason = "stop";
        } else if (action.event == vrrp::NotifyEvent::deleted) {
            e.reason = "removed";
        } else if (action.target == vrrp::NotifyTarget::group) {
            e.reason = "sync_group";
        } else if (const auto id = router_ ? router_->find_instance(action.name) : std::nullopt) {
            e.reason = cause_code(router_->instance(*id).last_cause());
        }
        if (action.target == vrrp::NotifyTarget::instance) {
            ++control_.transitions[action.name];
        }
        if (control_.server && control_.server->has_followers()) {
            control_.server->publish(control::stream_event(control::to_json(e)));
        }
        control_.events.push_back(std::move(e));
        if (control_.events.size() > ControlState::event_log_size) {
            control_.events.pop_front();
        }
    } catch (...) {
    }
}

void VrrpChild::reload_finished(ReloadResult result) noexcept {
    const bool applied = result == ReloadResult::applied;
    if (applied) {
        ++control_.reloads;
        control_.last_reload = epoch_seconds(std::chrono::system_clock::now());
    } else {
        ++control_.reload_failures;
    }
    if (control_.reload_waiters.empty() || !control_.server) {
        return;
    }
    loop_.disarm(control_.reload_timer);
    try {
        for (const auto& [c, id] : control_.reload_waiters) {
            if (applied) {
                control::Json done = control::Json::object();
                done.set("applied", true);
                done.set("preview", control::to_json(control_.pending_preview));
                control_.server->reply(c, control::reply_result(id, done));
            } else {
                control_.server->reply(c, control::reply_error(id, control::ErrorCode::failed,
                                                               "the reload failed - see the log"));
            }
        }
    } catch (...) {
    }
    control_.reload_waiters.clear();
}

} // namespace vigil::vrrpd
