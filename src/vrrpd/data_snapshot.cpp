// The state keepalived.data shows beyond the instances' own (vrrpd/dump.hpp DataSnapshot):
// static addresses, routes, rules and track groups, the instances' VIPs, routes, rules (in
// vrrpd/dump_text.hpp's text), trackers and notify scripts, the socket pool, sync groups,
// scripts, track files, processes and BFDs, GARP pacing groups and the interfaces. The child's
// edge: it reads the running state, the model and, for a few interface values, /sys and
// /proc/sys/net/ipv4/conf.
#include "vrrpd/vrrp_child.hpp"

#include "process/parent_dump.hpp"
#include "script/script_spawner.hpp"
#include "vrrpd/dump.hpp"
#include "vrrpd/dump_text.hpp"
#include "vrrpd/netlink_specs.hpp"

#include <fmt/format.h>

#include <net/if.h>
#include <net/if_arp.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>

namespace vigil::vrrpd {

namespace {

// check_script_secure(): a bare name is looked up in PATH, then symbolic links and /./ are
// resolved (realpath), keeping the file name as written when the link's differs.
std::string script_path(const std::string& word) {
    std::string path = word;
    if (word.find('/') == std::string::npos) {
        const char* env = std::getenv("PATH");
        std::string dirs = env != nullptr ? env : "/usr/bin:/bin";
        std::size_t start = 0;
        while (start <= dirs.size()) {
            const std::size_t end = std::min(dirs.find(':', start), dirs.size());
            const std::string candidate = dirs.substr(start, end - start) + "/" + word;
            if (::access(candidate.c_str(), X_OK) == 0) {
                path = candidate;
                break;
            }
            start = end + 1;
        }
    }
    char* real = ::realpath(path.c_str(), nullptr);
    if (real == nullptr) {
        return path;
    }
    std::string resolved = real;
    std::free(real);
    const std::string wanted = path.substr(path.rfind('/') + 1);
    const std::size_t slash = resolved.rfind('/');
    if (resolved.substr(slash + 1) != wanted) {
        resolved = resolved.substr(0, slash + 1) + wanted;
    }
    return resolved;
}


} // namespace

std::string keepalived_command_text(const std::vector<std::string>& argv) {
    config::Command c;
    c.argv_ = argv;
    if (!c.argv_.empty() && !c.argv_[0].starts_with('<') && !c.argv_[0].starts_with('>')) {
        c.argv_[0] = script_path(c.argv_[0]);
    }
    return process::command_text(c);
}

namespace {

std::string owner_text(const config::Command& c, const script::ScriptUser& default_user) {
    script::ScriptUser id = default_user;
    if (c.user_) {
        id = script::resolve_script_user(*c.user_, c.group_).value_or(default_user);
    }
    return fmt::format("{}:{}", id.uid, id.gid);
}

std::vector<std::pair<std::string, std::string>> notify_lines(const config::Notifies& n,
                                                              const script::ScriptUser& default_user,
                                                              bool with_deleted) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto add = [&](const char* label, const config::OptionalCommand& cmd) {
        if (cmd) {
            out.emplace_back(label, fmt::format("{}, uid:gid {}", keepalived_command_text(cmd->argv_), owner_text(*cmd, default_user)));
        }
    };
    add("Backup", n.backup_);
    add("Master", n.master_);
    add("Fault", n.fault_);
    add("Stop", n.stop_);
    if (with_deleted) {
        add("Deleted", n.deleted_script_);
    }
    add("Generic", n.generic_);
    if (with_deleted) {
        add("Master rx lower pri", n.master_rx_lower_pri_);
    }
    return out;
}

// dump_track_if / dump_track_script ("NAME weight W") and the others ("NAME, weight W").
void tracker_lines(const std::vector<vrrp::TrackRef>& trackers, InstanceSnapshot& s) {
    s.track_ifp.clear();
    s.track_script.clear();
    for (const vrrp::TrackRef& t : trackers) {
        switch (t.kind) {
        case vrrp::TrackerKind::interface:
            s.track_ifp.push_back(fmt::format("{} {}", t.name, weight_text(t)));
            break;
        case vrrp::TrackerKind::script:
            s.track_script.push_back(fmt::format("{} {}", t.name, weight_text(t)));
            break;
        case vrrp::TrackerKind::file:
            s.track_file.push_back(fmt::format("{}, {}", t.name, weight_text(t)));
            break;
        case vrrp::TrackerKind::process:
            s.track_process.push_back(fmt::format("{}, {}", t.name, weight_text(t)));
            break;
        case vrrp::TrackerKind::bfd:
            s.track_bfd.push_back(fmt::format("{}: {}", t.name, weight_text(t)));
            break;
        }
    }
}

std::vector<std::string> model_tracker_lines(const std::vector<config::TrackedObject>& objects, std::string_view sep) {
    std::vector<std::string> out;
    for (const config::TrackedObject& o : objects) {
        out.push_back(fmt::format("{}{}weight {}{}", o.name_, sep, o.weight_.value_or(0),
                                  o.direction_ == config::TrackDirection::reverse ? " reverse" : ""));
    }
    return out;
}

std::string sys_value(const std::string& interface, const char* attribute) {
    std::ifstream in("/sys/class/net/" + interface + "/" + attribute);
    std::string value;
    std::getline(in, value);
    return value;
}

// An IPv4 devconf value of the interface (/proc/sys/net/ipv4/conf/IF/NAME), 0 if unreadable.
unsigned ipv4_conf(const std::string& interface, const char* name) {
    std::ifstream in("/proc/sys/net/ipv4/conf/" + interface + "/" + name);
    unsigned value = 0;
    in >> value;
    return value;
}

std::string mac_text(const std::array<std::uint8_t, 6>& mac) {
    return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

} // namespace

std::optional<unsigned> VrrpChild::lvs_syncd_vrid() const {
    const config::GlobalDefs& g = model_->global_;
    if (!g.checker_ || !g.checker_->lvs_sync_daemon_ || !g.checker_->lvs_sync_daemon_->instance_) {
        return std::nullopt;
    }
    for (const vrrp::Instance& i : router_->instances()) {
        if (i.name() == *g.checker_->lvs_sync_daemon_->instance_) {
            return i.config().vrid;
        }
    }
    return std::nullopt;
}

DataSnapshot VrrpChild::data_snapshot() const {
    DataSnapshot d;
    const config::GlobalDefs& g = model_->global_;
    const script::ScriptUser user = notify_.default_user();
    // Static addresses and routes are set at start-up. keepalived learns a static route's
    // interface only when it monitors routes of its family (a tracked virtual_route or a
    // static route with a track_group): else it shows "[installed ifindex 0]". (A monitored
    // route without `dev` would show the kernel's choice, "[dev IF]": not modelled.)
    const auto family_of = [](const config::Route& r) {
        return r.family_.value_or(r.destination_ ? r.destination_->address_.family() : net::Family::ipv4);
    };
    const auto monitored = [this, &family_of](net::Family family) {
        const auto tracked = [&](const config::Route& r) { return family_of(r) == family && !r.no_track_; };
        return std::any_of(model_->static_routes_.begin(), model_->static_routes_.end(),
                           [&](const config::Route& r) { return r.track_group_ && family_of(r) == family; }) ||
               std::any_of(model_->instances_.begin(), model_->instances_.end(), [&](const config::VrrpInstance& i) {
                   return std::any_of(i.virtual_routes_.begin(), i.virtual_routes_.end(), tracked);
               });
    };
    for (const config::VirtualAddress& a : model_->static_addresses_) {
        vrrp::VirtualAddress v;
        v.address = a.address_;
        v.prefix_length = static_cast<std::uint8_t>(a.prefix_);
        v.interface = a.dev_.value_or("");
        d.static_addresses.push_back(address_line(v, vrrpconf::address_options(a), std::nullopt, a.track_group_) + " set");
    }
    for (const config::Route& r : model_->static_routes_) {
        d.static_routes.push_back(route_text(r) + (r.no_track_ || monitored(family_of(r)) ? "" : " [installed ifindex 0]"));
    }
    for (const config::Rule& r : model_->static_rules_) {
        d.static_rules.push_back(rule_text(r));
    }
    for (const config::TrackGroup& t : model_->root_.track_groups_) {
        StaticTrackGroupSnapshot& group = d.static_track_groups.emplace_back();
        group.name = t.name_;
        for (const std::string& member : t.members_) {
            if (std::any_of(router_->instances().begin(), router_->instances().end(),
                            [&member](const vrrp::Instance& i) { return i.name() == member; })) {
                group.members.push_back(member);
            }
        }
    }
    d.instances = snapshots();
    std::vector<const vrrp::VirtualAddress*> ours;
    for (InstanceId id = 0; id < instance_count(); ++id) {
        const vrrp::InstanceConfig& c = instance_config(id);
        const InstanceExtras& x = engine_.extras[id];
        InstanceSnapshot& s = d.instances[id];
        const bool set = router_->instance(id).state() == vrrp::State::master;
        // The firewall's drop rule of a VIP is in place while the VIP is (no_accept).
        const bool dropped = set && firewall_ && router_->instance(id).drops_vip_traffic();
        for (const auto& [list, target] : {std::pair{&c.vips, &s.vips}, {&c.evips, &s.evips}}) {
            target->clear();
            for (const vrrp::VirtualAddress& v : *list) {
                const auto opts = engine_.address_options.find(v.attributes);
                const auto base = vmacs_ ? vmacs_->base_of(v.interface) : std::nullopt;
                target->push_back(address_line(v, opts != engine_.address_options.end() ? opts->second : AddressOptions{}, base, std::nullopt) +
                                  (set ? " set" : "") + (dropped ? " nftable_set" : ""));
                ours.push_back(&v);
            }
        }
        s.vroutes.clear();
        for (const vrrp::VirtualRoute& r : c.routes) {
            const auto found = engine_.routes.find(r.spec);
            s.vroutes.push_back(found != engine_.routes.end() ? route_text(*found->second) : r.spec);
        }
        s.vrules.clear();
        for (const vrrp::VirtualRule& r : c.rules) {
            const auto found = engine_.rules.find(r.spec);
            s.vrules.push_back(found != engine_.rules.end() ? rule_text(*found->second) : r.spec);
        }
        tracker_lines(c.trackers, s);
        if (x.model != nullptr) {
            s.notify_lines = notify_lines(x.model->notify_, user, true);
        }
        for (const vrrp::TrackRef& t : c.trackers) {
            if (t.kind == vrrp::TrackerKind::script) {
                for (std::size_t k = 0; k < engine_.scripts.size(); ++k) {
                    if (engine_.scripts[k].name == t.name && scripts_.status(k) == track::ScriptStatus::init) {
                        ++s.scripts_init;
                    }
                }
            }
        }
    }
    // The socket pool, in the order the sockets were opened; instances by VRID.
    for (const OpenEndpoint& e : open_) {
        SocketSnapshot k;
        k.fd_in = e.fd;
        k.fd_out = e.fd;
        if (const netlink::Interface* itf = catalog_.find(e.endpoint.ifindex)) {
            k.interface = itf->name;
        }
        k.ipv6 = e.endpoint.family == net::Family::ipv6;
        k.ah = e.endpoint.protocol == vrrp::ip_protocol_ah;
        if (e.endpoint.unicast_source) {
            k.unicast_source = e.endpoint.unicast_source->to_string();
        }
        if (const auto& policy = g.vrrp_rx_bufs_policy_) {
            const unsigned mtu = static_cast<unsigned>(std::strtoul(sys_value(k.interface, "mtu").c_str(), nullptr, 10));
            if (*policy == "MTU" || *policy == "mtu") {
                k.rx_buf_size = mtu * g.vrrp_rx_bufs_multiplier_;
            } else if (*policy != "ADVERT" && *policy != "advert") {
                k.rx_buf_size = static_cast<unsigned>(std::strtoul(policy->c_str(), nullptr, 10));
            }
        }
        for (InstanceId id = 0; id < instance_count(); ++id) {
            if (runtime_[id].endpoint && *runtime_[id].endpoint == e.endpoint) {
                k.instances.emplace_back(instance_config(id).name, instance_config(id).vrid);
            }
        }
        std::sort(k.instances.begin(), k.instances.end(),
                  [](const auto& a, const auto& b) { return a.second < b.second; });
        d.sockets.push_back(std::move(k));
    }
    for (const vrrp::SyncGroup& grp : router_->groups()) {
        SyncGroupSnapshot s;
        s.name = grp.name();
        s.state = static_cast<int>(grp.state());
        for (InstanceId m : grp.members()) {
            s.members.push_back(router_->instance(m).name());
            s.member_faults += router_->instance(m).state() == vrrp::State::fault ? 1 : 0;
            s.member_inits += router_->instance(m).state() == vrrp::State::init ? 1 : 0;
        }
        s.tracking_weight = grp.config().tracking_weight == vrrp::Switch::on;
        for (const config::SyncGroup& sg : model_->sync_groups_) {
            if (sg.name_ == s.name) {
                s.smtp_alert = notify::smtp_alert_enabled(sg.smtp_alert_, g);
                s.notify_priority_changes = sg.notify_priority_changes_;
                s.track_ifp = model_tracker_lines(sg.track_.interfaces_, " ");
                s.track_script = model_tracker_lines(sg.track_.scripts_, " ");
                s.track_file = model_tracker_lines(sg.track_.files_, ", ");
                s.track_process = model_tracker_lines(sg.track_.processes_, ", ");
                s.track_bfd = model_tracker_lines(sg.track_.bfds_, ": ");
                s.notify_lines = notify_lines(sg.notify_, user, false);
            }
        }
        d.sync_groups.push_back(std::move(s));
    }
    // Who tracks an object: "VI_1, weight W" per instance, in instance order.
    const auto tracking = [this](vrrp::TrackerKind kind, const std::string& name) {
        std::vector<std::string> out;
        for (const vrrp::Instance& i : router_->instances()) {
            for (const vrrp::TrackRef& t : i.config().trackers) {
                if (t.kind == kind && t.name == name) {
                    out.push_back(fmt::format("{}, {}", i.name(), weight_text(t)));
                }
            }
        }
        return out;
    };
    for (std::size_t k = 0; k < engine_.scripts.size(); ++k) {
        const track::TrackedScript& t = engine_.scripts[k];
        ScriptSnapshot s;
        s.name = t.name;
        s.command = keepalived_command_text(t.argv);
        s.interval_s = t.interval.count();
        s.timeout_s = t.timeout.count();
        s.rise = static_cast<int>(t.rise);
        s.fall = static_cast<int>(t.fall);
        for (const config::VrrpScript* m : engine_.used_scripts) {
            if (m->name_ == t.name) {
                s.weight = m->weight_;
                s.reverse = m->direction_ == config::TrackDirection::reverse;
            }
        }
        const track::ScriptStatus status = scripts_.status(k);
        s.good = status == track::ScriptStatus::ok;
        // keepalived's rise/fall counter at rest: rise+fall-1 when good, 0 when bad.
        s.result = status == track::ScriptStatus::ok       ? s.rise + s.fall - 1
                   : status == track::ScriptStatus::failed ? 0
                   : t.initial == track::InitialResult::failed ? 0
                                                               : s.rise - 1;
        s.init_state = status == track::ScriptStatus::init ? "INIT" : "unknown";
        s.uid = t.user.uid;
        s.gid = t.user.gid;
        s.tracking = tracking(vrrp::TrackerKind::script, t.name);
        const track::RunState run = scripts_.run_state(k);
        s.state = run == track::RunState::running       ? "running"
                  : run == track::RunState::terminating ? "requested termination"
                                                        : "idle";
        d.scripts.push_back(std::move(s));
    }
    for (std::size_t k = 0; k < engine_.files.size(); ++k) {
        const track::WatchedFile& w = engine_.files[k];
        TrackFileSnapshot f;
        f.name = w.name;
        f.file = w.path;
        f.status = k < files_.size() ? files_.value(k) : 0;
        for (const config::TrackFile* m : engine_.used_files) {
            if (m->name_ == w.name) {
                f.weight = m->weight_;
                f.reverse = m->direction_ == config::TrackDirection::reverse;
            }
        }
        f.tracking = tracking(vrrp::TrackerKind::file, w.name);
        d.track_files.push_back(std::move(f));
    }
    for (const config::TrackProcess* m : engine_.processes) {
        TrackProcessSnapshot p;
        p.name = m->name_;
        p.process = m->process_.value_or("");
        for (const std::string& word : m->params_) {
            p.parameters += (p.parameters.empty() ? "" : " ") + word;
        }
        if (!m->params_.empty()) {
            p.has_param_match = true;
            p.param_match = m->param_match_ == config::ParamMatch::partial   ? " = partial"
                            : m->param_match_ == config::ParamMatch::initial ? " = initial"
                                                                             : "";
        }
        p.quorum = m->quorum_;
        p.quorum_max = m->quorum_max_;
        if (const auto id = router_->find_tracker(vrrp::TrackerKind::process, m->name_)) {
            p.have_quorum = router_->trackers()[*id].health == vrrp::TrackerHealth::up;
        }
        p.current = p.have_quorum ? p.quorum : 0;
        p.weight = m->weight_;
        p.reverse = m->direction_ == config::TrackDirection::reverse;
        p.terminate_delay_s = static_cast<double>(m->terminate_delay_.value_or(config::microseconds{0}).count()) / 1e6;
        p.fork_delay_s = static_cast<double>(m->fork_delay_.value_or(config::microseconds{0}).count()) / 1e6;
        p.full_command = m->full_command_;
        p.tracking = tracking(vrrp::TrackerKind::process, m->name_);
        d.track_processes.push_back(std::move(p));
    }
    for (const config::BfdInstance& b : model_->bfd_instances_) {
        if (b.tracked_by_vrrp_) {
            const auto up = bfd_up_.find(b.name_);
            d.track_bfds.push_back({b.name_, b.weight_, b.weight_reverse_, up != bfd_up_.end() && up->second,
                                    tracking(vrrp::TrackerKind::bfd, b.name_)});
        }
    }
    // GARP pacing: with a global interval, one group (0) per instance interface.
    const bool paced = g.vrrp_garp_interval_.count() != 0 || g.vrrp_gna_interval_.count() != 0;
    std::vector<std::string> paced_interfaces;
    for (const vrrp::Instance& i : router_->instances()) {
        const std::string& name = i.config().interface;
        if (paced && !name.empty() &&
            std::find(paced_interfaces.begin(), paced_interfaces.end(), name) == paced_interfaces.end()) {
            paced_interfaces.push_back(name);
            GarpDelaySnapshot gd;
            if (g.vrrp_garp_interval_.count() != 0) {
                gd.garp_interval_s = static_cast<double>(g.vrrp_garp_interval_.count()) / 1e6;
            }
            if (g.vrrp_gna_interval_.count() != 0) {
                gd.gna_interval_s = static_cast<double>(g.vrrp_gna_interval_.count()) / 1e6;
            }
            gd.interfaces.push_back(name);
            d.garp_delays.push_back(std::move(gd));
        }
    }
    std::vector<std::pair<const StaticTrackGroupSnapshot*, std::string>> static_tracked;
    const auto track = [&d, &static_tracked](const std::optional<std::string>& group, bool no_track,
                                             const std::optional<std::string>& dev) {
        for (const StaticTrackGroupSnapshot& t : d.static_track_groups) {
            if (group && *group == t.name && !no_track && dev) {
                static_tracked.emplace_back(&t, *dev);
            }
        }
    };
    for (const config::VirtualAddress& a : model_->static_addresses_) {
        track(a.track_group_, a.no_track_, a.dev_);
    }
    for (const config::Route& r : model_->static_routes_) {
        track(r.track_group_, r.no_track_, r.dev_);
    }
    for (const config::Rule& r : model_->static_rules_) {
        track(r.track_group_, r.no_track_, r.iif_);
    }
    for (const auto& [index, itf] : catalog_.interfaces()) {
        InterfaceSnapshot s;
        s.name = itf.name;
        s.index = index;
        const auto is_ours = [&ours](const netlink::AddressEvent& a) {
            return std::any_of(ours.begin(), ours.end(), [&a](const vrrp::VirtualAddress* v) {
                return v->address == a.address;
            });
        };
        for (const netlink::AddressEvent& a : itf.addresses) {
            if (is_ours(a)) {
                continue;
            }
            const std::string text = a.address.to_string();
            if (a.address.family() == net::Family::ipv4) {
                (s.ipv4.empty() ? s.ipv4 : s.more_ipv4.emplace_back()) = text;
            }
        }
        if (const auto ll = itf.link_local_ipv6()) {
            s.ipv6 = ll->to_string();
        }
        if (itf.arp_type != ARPHRD_LOOPBACK) {
            s.mac = mac_text(itf.mac);
            s.mac_broadcast = sys_value(itf.name, "broadcast");
        }
        s.flags = itf.flags;
        s.seen_up = itf.up();
        s.mtu = static_cast<unsigned>(std::strtoul(sys_value(itf.name, "mtu").c_str(), nullptr, 10));
        s.hw_type = itf.arp_type;
        if (const auto base = vmacs_ ? vmacs_->base_of(itf.name) : std::nullopt) {
            s.vmac_base = *base;
            if (const netlink::Interface* b = catalog_.find(*base)) {
                s.vmac_base_up = (b->flags & IFF_UP) != 0;
                s.vmac_base_running = (b->flags & IFF_RUNNING) != 0;
            }
        }
        s.reset_arp_config = vmacs_ ? vmacs_->arp_config_users(index) : 0;
        s.arp_ignore = ipv4_conf(itf.name, "arp_ignore");
        s.arp_filter = ipv4_conf(itf.name, "arp_filter");
        if (!s.vmac_base.empty() || s.reset_arp_config != 0) {
            s.rp_filter = ipv4_conf(itf.name, "rp_filter");
        }
        s.promote_secondaries = ipv4_conf(itf.name, "promote_secondaries");
        if (std::find(paced_interfaces.begin(), paced_interfaces.end(), itf.name) != paced_interfaces.end()) {
            if (g.vrrp_garp_interval_.count() != 0) {
                s.garp_interval_ms = g.vrrp_garp_interval_.count() / 1000;
            }
            if (g.vrrp_gna_interval_.count() != 0) {
                s.gna_interval_ms = g.vrrp_gna_interval_.count() / 1000;
            }
        }
        for (const vrrp::Instance& i : router_->instances()) {
            const vrrp::InstanceConfig& c = i.config();
            std::optional<std::string> line;
            // The own interface (and a VMAC's base) with weight 0, or keepalived's "not
            // tracked" weight 255 with dont_track_primary.
            const auto base = vmacs_ ? vmacs_->base_of(c.interface) : std::nullopt;
            if (c.interface == itf.name || (base && *base == itf.name)) {
                line = fmt::format("{}, weight {}", c.name, c.primary_tracking == vrrp::PrimaryTracking::track ? 0 : 255);
            }
            for (const vrrp::TrackRef& t : c.trackers) {
                if (t.kind == vrrp::TrackerKind::interface && t.name == itf.name) {
                    line = fmt::format("{}, {}", c.name, weight_text(t));
                }
            }
            if (line) {
                s.tracking.push_back(*line);
            }
        }
        // keepalived's static_track_group_init: a track group's instances track the interface
        // of each static address, route (dev) and rule (iif) naming the group, weight 0 (an
        // instance already tracking it keeps its place with weight 0).
        for (const auto& [group, dev] : static_tracked) {
            if (dev != itf.name) {
                continue;
            }
            for (const std::string& member : group->members) {
                const std::string line = member + ", weight 0";
                const auto same = std::find_if(s.tracking.begin(), s.tracking.end(), [&member](const std::string& t) {
                    return t.starts_with(member + ",");
                });
                if (same != s.tracking.end()) {
                    *same = line;
                } else {
                    s.tracking.push_back(line);
                }
            }
        }
        d.interfaces.push_back(std::move(s));
    }
    return d;
}

} // namespace vigil::vrrpd
