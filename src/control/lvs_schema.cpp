#include "control/lvs_schema.hpp"

#include "control/schema.hpp"

namespace vigil::control {

namespace {

Json optional_time(const std::optional<double>& t) {
    return t ? Json(*t) : Json(nullptr);
}

} // namespace

Json to_json(const LvsCheckerView& c) {
    Json o = Json::object();
    o.set("type", c.type);
    o.set("state", c.up ? "up" : "down");
    o.set("has_run", c.has_run);
    o.set("enabled", c.enabled);
    Json last = Json::object();
    last.set("result", c.last_result);
    if (c.last_result == "exited" || c.last_result == "signalled") {
        last.set("code", c.last_code);
    }
    last.set("time", optional_time(c.last_attempt));
    o.set("last_attempt", std::move(last));
    o.set("since", optional_time(c.since));
    o.set("consecutive_failures", c.consecutive_failures);
    o.set("retry", c.retry);
    o.set("retries_left", c.retries_left);
    o.set("failures", c.failures);
    return o;
}

Json to_json(const LvsRealServerView& r) {
    Json o = Json::object();
    o.set("name", r.name);
    o.set("address", r.address);
    o.set("port", r.port);
    Json weight = Json::object();
    weight.set("configured", r.weight);
    weight.set("current", r.current_weight);
    o.set("weight", std::move(weight));
    o.set("alive", r.alive);
    o.set("in_ipvs", r.in_ipvs);
    o.set("inhibited", r.inhibited);
    Json checkers = Json::array();
    for (const LvsCheckerView& c : r.checkers) {
        checkers.push(to_json(c));
    }
    o.set("checkers", std::move(checkers));
    return o;
}

Json to_json(const LvsVirtualServerView& v) {
    Json o = Json::object();
    o.set("name", v.name);
    o.set("kind", v.kind);
    if (v.kind == "address") {
        o.set("address", v.address);
        o.set("port", v.port);
    } else if (v.kind == "fwmark") {
        o.set("fwmark", v.fwmark);
    } else {
        o.set("group", v.group);
    }
    o.set("protocol", v.protocol);
    o.set("scheduler", v.scheduler);
    o.set("alive", v.alive);
    Json quorum = Json::object();
    quorum.set("required", v.quorum);
    quorum.set("up", v.quorum_up);
    quorum.set("live_weight", v.live_weight);
    o.set("quorum", std::move(quorum));
    Json sorry = Json::object();
    sorry.set("server", v.sorry_server ? Json(*v.sorry_server) : Json(nullptr));
    sorry.set("active", v.sorry_active);
    o.set("sorry", std::move(sorry));
    Json servers = Json::array();
    for (const LvsRealServerView& r : v.real_servers) {
        servers.push(to_json(r));
    }
    o.set("real_servers", std::move(servers));
    return o;
}

Json lvs_status_result(const LvsStatusView& s) {
    Json o = Json::object();
    o.set("daemon", to_json(s.daemon));
    Json vss = Json::array();
    for (const LvsVirtualServerView& v : s.virtual_servers) {
        vss.push(to_json(v));
    }
    o.set("virtual_servers", std::move(vss));
    return o;
}

Json lvs_stats_result(const LvsStatusView& s) {
    Json vss = Json::array();
    for (const LvsVirtualServerView& v : s.virtual_servers) {
        Json servers = Json::array();
        for (const LvsRealServerView& r : v.real_servers) {
            Json checkers = Json::array();
            for (const LvsCheckerView& c : r.checkers) {
                Json j = Json::object();
                j.set("type", c.type);
                j.set("failures", c.failures);
                j.set("consecutive_failures", c.consecutive_failures);
                checkers.push(std::move(j));
            }
            Json j = Json::object();
            j.set("name", r.name);
            j.set("checkers", std::move(checkers));
            servers.push(std::move(j));
        }
        Json j = Json::object();
        j.set("name", v.name);
        j.set("real_servers", std::move(servers));
        vss.push(std::move(j));
    }
    Json o = Json::object();
    o.set("virtual_servers", std::move(vss));
    return o;
}

} // namespace vigil::control
