#include "metrics/render.hpp"

#include "metrics/text_format.hpp"

#include <array>
#include <set>

namespace vigil::metrics {

bool parse_compat(std::string_view text, CompatFamilies& out) {
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        const std::string_view word = text.substr(0, comma);
        if (word == "mehdy") {
            out.mehdy = true;
        } else if (word == "gen2brain") {
            out.gen2brain = true;
        } else if (word == "all") {
            out.mehdy = out.gen2brain = true;
        } else if (!word.empty()) {
            return false;
        }
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    return true;
}

namespace {

using control::InstanceView;
using control::StatusView;

constexpr std::array<std::string_view, 4> states = {"INIT", "BACKUP", "MASTER", "FAULT"};

std::uint64_t counter(const InstanceView& i, std::string_view name) {
    for (const control::Counter& c : i.counters) {
        if (c.first == name) {
            return c.second;
        }
    }
    return 0;
}

int state_number(const std::string& state) {
    for (std::size_t k = 0; k < states.size(); ++k) {
        if (states[k] == state) {
            return static_cast<int>(k);
        }
    }
    return 0;
}

// The native per-instance labels, kept alive while a sample is written.
struct InstanceLabels {
    explicit InstanceLabels(const InstanceView& i) : vrid(std::to_string(i.vrid)), view(i) {}
    std::string vrid;
    const InstanceView& view;
};

void per_instance(TextWriter& w, const StatusView& s, std::string_view name, MetricType type,
                  std::string_view help, double (*value)(const InstanceView&)) {
    w.family(name, type, help);
    for (const InstanceView& i : s.instances) {
        const InstanceLabels l(i);
        w.sample({{"vrrp_instance", i.name}, {"interface", i.interface}, {"vrid", l.vrid}, {"family", i.family}},
                 value(i));
    }
}

void native(TextWriter& w, const StatusView& s) {
    w.family("vigil_build_info", MetricType::gauge, "vigil's version and the keepalived version it is compatible with");
    w.sample({{"version", s.daemon.version}, {"keepalived_compat", "2.2.7"}}, 1.0);
    w.family("vigil_start_time_seconds", MetricType::gauge, "When the VRRP process started, in seconds since the epoch");
    w.sample(s.daemon.started);
    w.family("vigil_config_reloads_total", MetricType::counter, "Configuration reloads applied, by result");
    w.sample({{"result", "success"}}, s.daemon.reloads);
    w.sample({{"result", "failure"}}, s.daemon.reload_failures);
    w.family("vigil_config_last_reload_timestamp_seconds", MetricType::gauge,
             "When the configuration was last reloaded (0: never)");
    w.sample(s.daemon.last_reload);
    w.family("vigil_control_clients", MetricType::gauge, "Connections open on the control socket");
    w.sample({}, s.daemon.control_clients);
    w.family("vigil_control_refused_total", MetricType::counter, "Control socket connections refused (too many clients)");
    w.sample({}, s.daemon.control_refused);

    w.family("vigil_vrrp_state", MetricType::gauge, "VRRP instance state: 1 for the current state, 0 for the others");
    for (const InstanceView& i : s.instances) {
        const InstanceLabels l(i);
        for (const std::string_view st : states) {
            w.sample({{"vrrp_instance", i.name}, {"interface", i.interface}, {"vrid", l.vrid}, {"family", i.family},
                      {"state", st}},
                     i.state == st ? 1.0 : 0.0);
        }
    }
    per_instance(w, s, "vigil_vrrp_priority", MetricType::gauge, "Configured priority",
                 [](const InstanceView& i) { return double(i.base_priority); });
    per_instance(w, s, "vigil_vrrp_effective_priority", MetricType::gauge, "Priority after tracking",
                 [](const InstanceView& i) { return double(i.effective_priority); });
    per_instance(w, s, "vigil_vrrp_master_priority", MetricType::gauge, "Priority in the last advert from the master",
                 [](const InstanceView& i) { return double(i.master_priority); });
    per_instance(w, s, "vigil_vrrp_vips", MetricType::gauge, "Virtual addresses configured",
                 [](const InstanceView& i) { return double(i.vips.size()); });
    per_instance(w, s, "vigil_vrrp_vips_held", MetricType::gauge, "Virtual addresses installed by this node",
                 [](const InstanceView& i) { return i.vips_held ? double(i.vips.size()) : 0.0; });
    per_instance(w, s, "vigil_vrrp_last_transition_timestamp_seconds", MetricType::gauge,
                 "When the instance last changed state (0: never)",
                 [](const InstanceView& i) { return i.last_transition; });
    per_instance(w, s, "vigil_vrrp_advert_interval_seconds", MetricType::gauge, "Configured advertisement interval",
                 [](const InstanceView& i) { return i.advert_interval; });
    per_instance(w, s, "vigil_vrrp_master_down_interval_seconds", MetricType::gauge, "Master_Down_Interval",
                 [](const InstanceView& i) { return i.master_down_interval; });
    per_instance(w, s, "vigil_vrrp_transitions_total", MetricType::counter, "State changes since start",
                 [](const InstanceView& i) { return double(i.transitions); });
    per_instance(w, s, "vigil_vrrp_become_master_total", MetricType::counter, "Transitions to MASTER",
                 [](const InstanceView& i) { return double(counter(i, "become_master")); });
    per_instance(w, s, "vigil_vrrp_release_master_total", MetricType::counter, "Transitions out of MASTER",
                 [](const InstanceView& i) { return double(counter(i, "release_master")); });
    per_instance(w, s, "vigil_vrrp_adverts_sent_total", MetricType::counter, "Advertisements sent",
                 [](const InstanceView& i) { return double(counter(i, "advert_sent")); });
    per_instance(w, s, "vigil_vrrp_adverts_received_total", MetricType::counter,
                 "Advertisements received that passed the packet checks",
                 [](const InstanceView& i) { return double(counter(i, "advert_rcvd")); });
    per_instance(w, s, "vigil_vrrp_priority_zero_sent_total", MetricType::counter, "Priority 0 advertisements sent",
                 [](const InstanceView& i) { return double(counter(i, "pri_zero_sent")); });
    per_instance(w, s, "vigil_vrrp_priority_zero_received_total", MetricType::counter,
                 "Priority 0 advertisements received",
                 [](const InstanceView& i) { return double(counter(i, "pri_zero_rcvd")); });
    // Drop reasons, named as the stats dump's counters are.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> reasons = {{
        {"length", "packet_len_err"},
        {"ttl", "ip_ttl_err"},
        {"invalid_type", "invalid_type_rcvd"},
        {"advert_interval", "advert_interval_err"},
        {"address_list", "addr_list_err"},
        {"auth_invalid_type", "invalid_authtype"},
        {"auth_type_mismatch", "authtype_mismatch"},
        {"auth_failure", "auth_failure"},
    }};
    w.family("vigil_vrrp_packet_errors_total", MetricType::counter, "Advertisements dropped, by reason");
    for (const InstanceView& i : s.instances) {
        const InstanceLabels l(i);
        for (const auto& [reason, name] : reasons) {
            w.sample({{"vrrp_instance", i.name}, {"interface", i.interface}, {"vrid", l.vrid}, {"family", i.family},
                      {"reason", reason}},
                     counter(i, name));
        }
    }
    w.family("vigil_track_health", MetricType::gauge,
             "Tracked object health: 1 for the current health (up, down, unknown), 0 for the others");
    std::set<std::pair<std::string, std::string>> seen;
    for (const InstanceView& i : s.instances) {
        for (const control::TrackerView& t : i.trackers) {
            if (!seen.emplace(t.kind, t.name).second) {
                continue;
            }
            for (const std::string_view h : {"up", "down", "unknown"}) {
                w.sample({{"kind", t.kind}, {"tracker", t.name}, {"health", h}}, t.health == h ? 1.0 : 0.0);
            }
        }
    }
    w.family("vigil_track_priority_delta", MetricType::gauge,
             "What a tracked object adds to an instance's priority now");
    for (const InstanceView& i : s.instances) {
        for (const control::TrackerView& t : i.trackers) {
            w.sample({{"vrrp_instance", i.name}, {"kind", t.kind}, {"tracker", t.name}}, double(t.delta));
        }
    }
    w.family("vigil_sync_group_state", MetricType::gauge, "Sync group state: 1 for the current state, 0 for the others");
    for (const control::GroupView& g : s.groups) {
        for (const std::string_view st : states) {
            w.sample({{"group", g.name}, {"state", st}}, g.state == st ? 1.0 : 0.0);
        }
    }
}

void up(TextWriter& w) {
    w.family("keepalived_up", MetricType::gauge, "Status");
    w.sample(1.0);
}

// mehdy/keepalived-exporter's families, in its collector's order.
void mehdy(TextWriter& w, const StatusView& s) {
    w.family("keepalived_vrrp_state", MetricType::gauge, "State of vrrp");
    for (const InstanceView& i : s.instances) {
        const std::string vrid = std::to_string(i.vrid);
        const double state = state_number(i.state);
        bool any = false;
        for (const control::VipView& v : i.vips) {
            if (!v.excluded) {
                any = true;
                w.sample({{"iname", i.name}, {"intf", v.device}, {"vrid", vrid}, {"ip_address", v.address}}, state);
            }
        }
        if (!any) {
            w.sample({{"iname", i.name}, {"intf", i.interface}, {"vrid", vrid}, {"ip_address", ""}}, state);
        }
    }
    w.family("keepalived_vrrp_excluded_state", MetricType::gauge, "State of vrrp with excluded VIP");
    for (const InstanceView& i : s.instances) {
        const std::string vrid = std::to_string(i.vrid);
        for (const control::VipView& v : i.vips) {
            if (v.excluded) {
                w.sample({{"iname", i.name}, {"intf", v.device}, {"vrid", vrid}, {"ip_address", v.address}},
                         double(state_number(i.state)));
            }
        }
    }
    w.family("keepalived_gratuitous_arp_delay_total", MetricType::counter, "Gratuitous ARP delay");
    for (const InstanceView& i : s.instances) {
        const std::string vrid = std::to_string(i.vrid);
        w.sample({{"iname", i.name}, {"intf", i.interface}, {"vrid", vrid}}, i.garp_delay);
    }
    static constexpr std::array<std::array<std::string_view, 3>, 14> counters = {{
        {"keepalived_advertisements_received_total", "advert_rcvd", "Advertisements received"},
        {"keepalived_advertisements_sent_total", "advert_sent", "Advertisements sent"},
        {"keepalived_become_master_total", "become_master", "Became master"},
        {"keepalived_release_master_total", "release_master", "Released master"},
        {"keepalived_packet_length_errors_total", "packet_len_err", "Packet length errors"},
        {"keepalived_advertisements_interval_errors_total", "advert_interval_err", "Advertisement interval errors"},
        {"keepalived_ip_ttl_errors_total", "ip_ttl_err", "IP ttl errors"},
        {"keepalived_invalid_type_received_total", "invalid_type_rcvd", "Invalid type errors"},
        {"keepalived_address_list_errors_total", "addr_list_err", "Address list errors"},
        {"keepalived_authentication_invalid_total", "invalid_authtype", "Authentication invalid"},
        {"keepalived_authentication_mismatch_total", "authtype_mismatch", "Authentication mismatch"},
        {"keepalived_authentication_failure_total", "auth_failure", "Authentication failure"},
        {"keepalived_priority_zero_received_total", "pri_zero_rcvd", "Priority zero received"},
        {"keepalived_priority_zero_sent_total", "pri_zero_sent", "Priority zero sent"},
    }};
    for (const auto& [name, field, help] : counters) {
        w.family(name, MetricType::counter, help);
        for (const InstanceView& i : s.instances) {
            const std::string vrid = std::to_string(i.vrid);
            w.sample({{"iname", i.name}, {"intf", i.interface}, {"vrid", vrid}}, counter(i, field));
        }
    }
    std::set<std::string> scripts;
    for (const InstanceView& i : s.instances) {
        for (const control::TrackerView& t : i.trackers) {
            if (t.kind == "script") {
                scripts.insert(t.name);
            }
        }
    }
    w.family("keepalived_script_status", MetricType::gauge, "Status");
    for (const std::string& name : scripts) {
        bool good = false;
        for (const InstanceView& i : s.instances) {
            for (const control::TrackerView& t : i.trackers) {
                if (t.kind == "script" && t.name == name) {
                    good = t.health == "up";
                }
            }
        }
        w.sample({{"name", name}}, good ? 1.0 : 0.0);
    }
    // keepalived's script states: 0 idle, 1 running, 2 requested termination, 3 forcing
    // termination. Between runs (the only time a scrape sees) a script is idle.
    w.family("keepalived_script_state", MetricType::gauge, "State");
    for (const std::string& name : scripts) {
        w.sample({{"name", name}}, 0.0);
    }
    w.family("keepalived_exporter_build_info", MetricType::gauge,
             "A metric with a constant '1' value labeled by version, revision, branch, and goversion from which keepalived_exporter was built.");
    w.sample({{"branch", ""}, {"goversion", ""}, {"revision", ""}, {"version", s.daemon.version}}, 1.0);
}

// gen2brain/keepalived_exporter's families.
void gen2brain(TextWriter& w, const StatusView& s) {
    static constexpr std::array<std::array<std::string_view, 3>, 14> counters = {{
        {"keepalived_vrrp_advert_rcvd", "advert_rcvd", "Advertisements received"},
        {"keepalived_vrrp_advert_sent", "advert_sent", "Advertisements sent"},
        {"keepalived_vrrp_become_master", "become_master", "Became master"},
        {"keepalived_vrrp_release_master", "release_master", "Released master"},
        {"keepalived_vrrp_packet_len_err", "packet_len_err", "Packet length errors"},
        {"keepalived_vrrp_advert_interval_err", "advert_interval_err", "Advertisement interval errors"},
        {"keepalived_vrrp_ip_ttl_err", "ip_ttl_err", "IP TTL errors"},
        {"keepalived_vrrp_invalid_type_rcvd", "invalid_type_rcvd", "Invalid type received"},
        {"keepalived_vrrp_addr_list_err", "addr_list_err", "Address list errors"},
        {"keepalived_vrrp_invalid_authtype", "invalid_authtype", "Invalid authentication type"},
        {"keepalived_vrrp_authtype_mismatch", "authtype_mismatch", "Authentication type mismatch"},
        {"keepalived_vrrp_auth_failure", "auth_failure", "Authentication failure"},
        {"keepalived_vrrp_pri_zero_rcvd", "pri_zero_rcvd", "Priority zero received"},
        {"keepalived_vrrp_pri_zero_sent", "pri_zero_sent", "Priority zero sent"},
    }};
    for (const auto& [name, field, help] : counters) {
        w.family(name, MetricType::counter, help);
        for (const InstanceView& i : s.instances) {
            const std::string vrid = std::to_string(i.vrid);
            w.sample({{"name", i.name}, {"intf", i.interface}, {"vrid", vrid}, {"state", i.state}}, counter(i, field));
        }
    }
}

} // namespace

std::string render(const StatusView& status, const CompatFamilies& compat) {
    TextWriter w;
    native(w, status);
    if (compat.mehdy || compat.gen2brain) {
        up(w);
    }
    if (compat.mehdy) {
        mehdy(w, status);
    }
    if (compat.gen2brain) {
        gen2brain(w, status);
    }
    return w.take();
}

} // namespace vigil::metrics
