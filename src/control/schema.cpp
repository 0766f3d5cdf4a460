#include "control/schema.hpp"

namespace vigil::control {

namespace {

Json optional_text(const std::optional<std::string>& text) {
    return text ? Json(*text) : Json(nullptr);
}

Json strings(const std::vector<std::string>& items) {
    Json a = Json::array();
    for (const std::string& s : items) {
        a.push(s);
    }
    return a;
}

} // namespace

Json to_json(const TrackerView& t) {
    Json o = Json::object();
    o.set("kind", t.kind);
    o.set("name", t.name);
    o.set("health", t.health);
    if (t.kind == "file") {
        o.set("value", t.value);
    }
    o.set("weight", t.weight);
    o.set("reverse", t.reverse);
    o.set("delta", t.delta);
    o.set("causes_fault", t.causes_fault);
    o.set("since", t.since ? Json(*t.since) : Json(nullptr));
    return o;
}

Json to_json(const InstanceView& i) {
    Json o = Json::object();
    o.set("name", i.name);
    o.set("state", i.state);
    o.set("want_state", i.want_state);
    o.set("initial_state", i.initial_state);
    o.set("vrid", i.vrid);
    o.set("version", i.version);
    o.set("family", i.family);
    o.set("interface", i.interface);
    o.set("sync_group", optional_text(i.sync_group));
    Json priority = Json::object();
    priority.set("configured", i.base_priority);
    priority.set("effective", i.effective_priority);
    priority.set("address_owner", i.address_owner);
    o.set("priority", std::move(priority));
    o.set("nopreempt", i.nopreempt);
    o.set("preempt_delay", i.preempt_delay);
    o.set("advert_interval", i.advert_interval);
    o.set("master_down_interval", i.master_down_interval);
    o.set("source_address", optional_text(i.source_address));
    Json master = Json::object();
    master.set("address", optional_text(i.master_address));
    master.set("priority", i.master_priority);
    o.set("master", std::move(master));
    Json vips = Json::array();
    for (const VipView& v : i.vips) {
        Json j = Json::object();
        j.set("address", v.address);
        j.set("device", v.device);
        j.set("excluded", v.excluded);
        vips.push(std::move(j));
    }
    o.set("vips", std::move(vips));
    o.set("vips_held", i.vips_held);
    o.set("transitions", i.transitions);
    Json last = Json::object();
    last.set("time", i.last_transition);
    last.set("reason", i.last_reason);
    o.set("last_transition", std::move(last));
    Json trackers = Json::array();
    for (const TrackerView& t : i.trackers) {
        trackers.push(to_json(t));
    }
    o.set("trackers", std::move(trackers));
    return o;
}

Json to_json(const GroupView& g) {
    Json o = Json::object();
    o.set("name", g.name);
    o.set("state", g.state);
    o.set("members", strings(g.members));
    return o;
}

Json to_json(const EventView& e) {
    Json o = Json::object();
    o.set("sequence", e.sequence);
    o.set("time", e.time);
    o.set("kind", e.kind);
    o.set("name", e.name);
    o.set("from", e.from);
    o.set("to", e.to);
    o.set("reason", e.reason);
    o.set("priority", e.priority);
    return o;
}

Json to_json(const DaemonView& d) {
    Json o = Json::object();
    o.set("version", d.version);
    o.set("pid", d.pid);
    o.set("started", d.started);
    o.set("config_file", d.config_file);
    o.set("reloads", d.reloads);
    o.set("reload_failures", d.reload_failures);
    o.set("last_reload", d.last_reload);
    o.set("control_clients", d.control_clients);
    o.set("control_refused", d.control_refused);
    return o;
}

Json to_json(const ProcessesView& p) {
    Json children = Json::array();
    for (const ChildProcessView& c : p.children) {
        Json o = Json::object();
        o.set("name", c.name);
        o.set("ident", c.ident);
        o.set("pid", c.pid);
        o.set("wanted", c.wanted);
        o.set("starts", c.starts);
        o.set("restarts", c.starts > 0 ? c.starts - 1 : 0);
        o.set("started", c.started);
        o.set("ready", c.ready);
        o.set("control_socket", c.control_socket);
        children.push(std::move(o));
    }
    Json o = Json::object();
    o.set("pid", p.pid);
    o.set("version", p.version);
    o.set("started", p.started);
    o.set("config_file", p.config_file);
    o.set("reload_in_progress", p.reload_in_progress);
    o.set("reloads", p.reloads);
    o.set("control_clients", p.control_clients);
    o.set("control_refused", p.control_refused);
    o.set("relayed", p.relayed);
    o.set("children", std::move(children));
    return o;
}

Json to_json(const ReloadPreview& p) {
    Json o = Json::object();
    o.set("loadable", p.loadable);
    o.set("diagnostics", strings(p.diagnostics));
    Json changes = Json::array();
    for (const InstanceChange& c : p.changes) {
        Json j = Json::object();
        j.set("name", c.name);
        j.set("change", c.change);
        j.set("details", strings(c.details));
        j.set("vips_added", strings(c.vips_added));
        j.set("vips_removed", strings(c.vips_removed));
        j.set("state_now", c.state_now);
        j.set("state_after", c.state_after);
        changes.push(std::move(j));
    }
    o.set("changes", std::move(changes));
    return o;
}

Json status_result(const StatusView& s) {
    Json o = Json::object();
    o.set("daemon", to_json(s.daemon));
    Json instances = Json::array();
    for (const InstanceView& i : s.instances) {
        instances.push(to_json(i));
    }
    o.set("instances", std::move(instances));
    Json groups = Json::array();
    for (const GroupView& g : s.groups) {
        groups.push(to_json(g));
    }
    o.set("sync_groups", std::move(groups));
    return o;
}

namespace {

Json counter_object(const std::vector<Counter>& counters) {
    Json o = Json::object();
    for (const Counter& c : counters) {
        o.set(c.first, c.second);
    }
    return o;
}

} // namespace

Json stats_result(const StatusView& s) {
    Json instances = Json::array();
    for (const InstanceView& i : s.instances) {
        Json counters = counter_object(i.counters);
        Json j = Json::object();
        j.set("name", i.name);
        j.set("counters", std::move(counters));
        j.set("drops", counter_object(i.drops));
        instances.push(std::move(j));
    }
    Json o = Json::object();
    o.set("instances", std::move(instances));
    o.set("unattributed_drops", counter_object(s.unattributed_drops));
    return o;
}

Json explain_result(const InstanceView& instance, const std::vector<std::string>& explanation) {
    Json o = Json::object();
    o.set("instance", to_json(instance));
    o.set("explanation", strings(explanation));
    return o;
}

} // namespace vigil::control
