// The child's state as the SNMP MIBs show it (snmp/snapshot.hpp), in keepalived 2.2.7's
// conventions: configuration order, keepalived's state numbers, addresses as raw bytes.
#include "vrrpd/vrrp_child.hpp"

#include "notify/smtp_alert.hpp"
#include "process/banner.hpp"
#include "snmp/config_values.hpp"
#include "vrrpd/snmp_rows.hpp"

#include <unistd.h>

namespace vigil::vrrpd {
namespace {

std::string raw(const net::IpAddress& a) { return raw_address(a); }

using snmp::command_text;

// keepalived shows a tracked interface's or script's own weight (the tracked object's when
// the reference has none), but a tracked file's, process's or BFD session's object weight and
// direction, whatever the reference says (vrrp_snmp.c reads file->weight, process->weight,
// bfd->weight).
struct TrackedLists {
    const config::Config& model;
    std::vector<snmp::TrackedRef> interfaces(const config::Trackers& t) const {
        std::vector<snmp::TrackedRef> out;
        for (const config::TrackedObject& o : t.interfaces_) {
            out.push_back({o.name_, o.weight_.value_or(0), o.direction_ == config::TrackDirection::reverse});
        }
        return out;
    }
    std::vector<snmp::TrackedRef> scripts(const config::Trackers& t) const {
        std::vector<snmp::TrackedRef> out;
        for (const config::TrackedObject& o : t.scripts_) {
            int weight = 0;
            for (const config::VrrpScript& s : model.scripts_) {
                if (s.name_ == o.name_) {
                    weight = s.weight_;
                }
            }
            out.push_back({o.name_, o.weight_.value_or(weight), o.direction_ == config::TrackDirection::reverse});
        }
        return out;
    }
    template <class Object>
    static std::vector<snmp::TrackedRef> objects(const std::vector<config::TrackedObject>& refs,
                                                 const std::vector<Object>& objects) {
        std::vector<snmp::TrackedRef> out;
        for (const config::TrackedObject& o : refs) {
            snmp::TrackedRef r{o.name_, 1, false};
            for (const Object& x : objects) {
                if (x.name_ == o.name_) {
                    r.weight = x.weight_;
                    r.reverse = x.direction_ == config::TrackDirection::reverse;
                }
            }
            out.push_back(r);
        }
        return out;
    }
    std::vector<snmp::TrackedRef> files(const config::Trackers& t) const { return objects(t.files_, model.track_files_); }
    std::vector<snmp::TrackedRef> processes(const config::Trackers& t) const {
        return objects(t.processes_, model.track_processes_);
    }
    std::vector<snmp::TrackedRef> bfds(const config::Trackers& t) const {
        std::vector<snmp::TrackedRef> out;
        for (const config::TrackedObject& o : t.bfds_) {
            for (const config::BfdInstance& b : model.bfd_instances_) {
                if (b.tracked_by_vrrp_ && b.name_ == o.name_) {
                    out.push_back({o.name_, b.weight_, b.weight_reverse_});
                }
            }
        }
        return out;
    }
};

} // namespace

std::string VrrpChild::router_id() const { return snmp::router_id(model_->global_); }

snmp::InstanceInfo VrrpChild::snmp_instance(InstanceId id, vrrp::TimePoint now) const {
    const vrrp::Instance& inst = router_->instance(id);
    const vrrp::InstanceConfig& c = inst.config();
    const Runtime& r = runtime_[id];
    const config::VrrpInstance* m = engine_.extras[id].model;
    const config::GlobalDefs& g = model_->global_;
    snmp::InstanceInfo i;
    i.name = c.name;
    i.vrid = c.vrid;
    i.state = static_cast<int>(inst.state());
    i.initial_state = c.initial_state == vrrp::InitialState::master ? 2 : 1;
    i.wanted_state = static_cast<int>(inst.want_state());
    i.base_priority = inst.base_priority();
    i.effective_priority = inst.effective_priority();
    const bool set = inst.state() == vrrp::State::master;
    i.vips_set = set;
    if (!c.interface.empty()) {
        i.interface = c.interface;
    }
    i.version = c.version == vrrp::ProtocolVersion::v3 ? 3 : 2;
    i.advert_interval_cs = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(c.advert_interval).count() / 10);
    i.preempt = c.preempt == vrrp::PreemptMode::preempt;
    i.preempt_delay_s = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(c.preempt_delay).count());
    i.auth_type = static_cast<int>(c.auth_type);
    i.garp_delay_s = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(c.garp.master_delay).count());
    i.accept = c.accept == vrrp::AcceptMode::accept;
    for (const vrrp::SyncGroup& grp : router_->groups()) {
        for (InstanceId member : grp.members()) {
            if (member == id) {
                i.sync_group = grp.name();
            }
        }
    }
    if (m != nullptr) {
        if (m->lvs_sync_daemon_interface_) {
            i.lvs_sync_interface = *m->lvs_sync_daemon_interface_;
        }
        const config::Notifies& n = m->notify_;
        i.smtp_alert = notify::smtp_alert_enabled(m->smtp_alert_, g);
        i.script_master = command_text(n.master_);
        i.script_backup = command_text(n.backup_);
        i.script_fault = command_text(n.fault_);
        i.script_stop = command_text(n.stop_);
        i.script = command_text(n.generic_);
        i.script_master_rx_lower_pri = command_text(n.master_rx_lower_pri_);
        i.script_deleted = command_text(n.deleted_script_);
        i.notify_exec = i.script_master || i.script_backup || i.script_fault || i.script_stop || i.script ||
                        i.script_master_rx_lower_pri || i.script_deleted;
        i.notify_deleted = n.deleted_;
        i.promote_secondaries = m->promote_secondaries_;
        i.linkbeat_polling = m->linkbeat_use_polling_;
        const TrackedLists lists{*model_};
        i.track_interfaces = lists.interfaces(m->track_);
        i.has_tracked_interfaces = !i.track_interfaces.empty();
        i.track_scripts = lists.scripts(m->track_);
        i.track_files = lists.files(m->track_);
        i.track_processes = lists.processes(m->track_);
        i.track_bfds = lists.bfds(m->track_);
        const auto index = static_cast<std::size_t>(m - model_->instances_.data());
        for (const config::Route& route : m->virtual_routes_) {
            i.routes.push_back(route_row(route, catalog_, set));
        }
        for (std::size_t k = 0; k < m->virtual_rules_.size(); ++k) {
            i.rules.push_back(rule_row(m->virtual_rules_[k], rule_preferences_.instance_rules[index][k], set));
        }
    }
    if (c.unicast_peers.empty()) {
        i.multicast_group = raw(c.multicast_group.value_or(c.family == net::Family::ipv4 ? g.vrrp_mcast_group4_
                                                                                          : g.vrrp_mcast_group6_));
    }
    i.ipv6 = c.family == net::Family::ipv6;
    const std::string zeros(i.ipv6 ? 16 : 4, '\0');
    if (const netlink::Interface* itf = catalog_.find(c.interface)) {
        i.ifindex = itf->index;
        i.hw_address.assign(reinterpret_cast<const char*>(itf->mac.data()), itf->mac.size());
        const auto primary = i.ipv6 ? itf->link_local_ipv6() : itf->primary_ipv4();
        i.primary_address = primary ? raw(*primary) : zeros;
    } else {
        i.primary_address = zeros;
    }
    i.source_address = inst.source() ? raw(*inst.source()) : zeros;
    i.master_address = r.last_master ? raw(*r.last_master) : zeros;
    for (const auto& [list, target, advertised] :
         {std::tuple{&c.vips, &i.vips, true}, std::tuple{&c.evips, &i.evips, false}}) {
        for (const vrrp::VirtualAddress& v : *list) {
            snmp::AddressRow a;
            a.address = raw(v.address);
            a.prefix = v.prefix_length;
            const auto opts = engine_.address_options.find(v.attributes);
            const AddressOptions o = opts != engine_.address_options.end() ? opts->second : AddressOptions{};
            if (v.address.is_v4()) {
                a.broadcast = o.broadcast ? raw(*o.broadcast) : std::string(4, '\0');
            }
            a.scope = inet_scope(o.scope);
            if (!o.label.empty()) {
                a.label = o.label;
            }
            if (o.peer) {
                a.peer = raw(*o.peer);
            }
            a.ifname = v.interface;
            if (const netlink::Interface* itf = catalog_.find(v.interface)) {
                a.ifindex = itf->index;
            }
            a.set = set;
            a.advertised = advertised;
            target->push_back(std::move(a));
        }
    }
    if (r.left_init) {
        const auto cs = [](auto d) {
            return static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count() / 10);
        };
        if (snmp_started_ != vrrp::TimePoint{} && *r.left_init > snmp_started_) {
            i.uptime_since_start_cs = cs(*r.left_init - snmp_started_);
        }
        if (inst.state() == vrrp::State::backup || inst.state() == vrrp::State::master) {
            i.uptime_cs = cs(now - *r.left_init);
        }
    }
    i.master_reason = static_cast<int>(inst.master_reason());
    i.proto_error_reason = r.proto_error_reason;
    i.checksum_errors = r.checksum_errors;
    i.version_errors = r.version_errors;
    const vrrp::Stats& s = r.stats;
    i.become_master = inst.stats().become_master;
    i.adverts_received = s.advert_rcvd;
    i.advert_interval_errors = s.advert_interval_err;
    i.auth_failures = s.auth_failure;
    i.ttl_errors = s.ip_ttl_err;
    i.priority_zero_received = s.pri_zero_rcvd;
    i.priority_zero_sent = s.pri_zero_sent;
    i.invalid_type_received = s.invalid_type_rcvd;
    i.address_list_errors = s.addr_list_err;
    i.invalid_auth_type = s.invalid_authtype;
    i.auth_type_mismatch = s.authtype_mismatch;
    i.packet_length_errors = s.packet_len_err;
    return i;
}

snmp::Snapshot VrrpChild::snmp_snapshot() const {
    snmp::Snapshot s;
    if (!router_) {
        return s;
    }
    const config::GlobalDefs& g = model_->global_;
    s.global = snmp::global_info(*model_, process::version_banner);

    for (const config::VirtualAddress& a : model_->static_addresses_) {
        s.static_addresses.push_back(static_address_row(a, catalog_));
    }
    for (const config::Route& r : model_->static_routes_) {
        s.static_routes.push_back(route_row(r, catalog_, true));
    }
    for (std::size_t k = 0; k < model_->static_rules_.size(); ++k) {
        s.static_rules.push_back(rule_row(model_->static_rules_[k], rule_preferences_.static_rules[k], true));
    }
    const vrrp::TimePoint now = vrrp::Clock::now();
    for (InstanceId id = 0; id < instance_count(); ++id) {
        s.instances.push_back(snmp_instance(id, now));
    }
    for (const vrrp::SyncGroup& grp : router_->groups()) {
        snmp::SyncGroupInfo gr;
        gr.name = grp.name();
        gr.state = static_cast<int>(grp.state());
        for (InstanceId member : grp.members()) {
            gr.members.push_back(router_->instance(member).name());
        }
        for (const config::SyncGroup& m : model_->sync_groups_) {
            if (m.name_ != gr.name) {
                continue;
            }
            gr.smtp_alert = notify::smtp_alert_enabled(m.smtp_alert_, g);
            gr.script_master = command_text(m.notify_.master_);
            gr.script_backup = command_text(m.notify_.backup_);
            gr.script_fault = command_text(m.notify_.fault_);
            gr.script = command_text(m.notify_.generic_);
            gr.script_stop = command_text(m.notify_.stop_);
            gr.notify_exec = gr.script_master || gr.script_backup || gr.script_fault || gr.script || gr.script_stop;
            gr.tracking_weight = m.sync_group_tracking_weight_;
            const TrackedLists lists{*model_};
            gr.track_interfaces = lists.interfaces(m.track_);
            gr.track_scripts = lists.scripts(m.track_);
            gr.track_files = lists.files(m.track_);
            gr.track_processes = lists.processes(m.track_);
            gr.track_bfds = lists.bfds(m.track_);
        }
        s.groups.push_back(std::move(gr));
    }
    for (std::size_t k = 0; k < engine_.scripts.size(); ++k) {
        const track::TrackedScript& t = engine_.scripts[k];
        snmp::ScriptInfo si;
        si.name = t.name;
        si.command = shown_command(t.argv);
        si.interval_s = static_cast<std::int32_t>(t.interval.count());
        si.rise = t.rise;
        si.fall = t.fall;
        for (const config::VrrpScript& m : model_->scripts_) {
            if (m.name_ == t.name) {
                if (m.script_.has_value()) {
                    si.command = shown_command(m.script_->argv_);
                }
                si.weight = m.weight_;
                si.reverse = m.direction_ == config::TrackDirection::reverse;
            }
        }
        const track::ScriptStatus st = scripts_.status(k);
        si.result = st == track::ScriptStatus::ok ? 3 : st == track::ScriptStatus::failed ? 2 : 1;
        s.scripts.push_back(std::move(si));
    }
    for (std::size_t k = 0; k < engine_.files.size(); ++k) {
        snmp::FileInfo fi;
        fi.name = engine_.files[k].name;
        fi.path = engine_.files[k].path;
        fi.value = static_cast<std::int32_t>(files_.value(k));
        for (const config::TrackFile& m : model_->track_files_) {
            if (m.name_ == fi.name) {
                fi.weight = m.weight_;
                fi.reverse = m.direction_ == config::TrackDirection::reverse;
            }
        }
        s.files.push_back(std::move(fi));
    }
    for (const config::BfdInstance& b : model_->bfd_instances_) {
        if (!b.tracked_by_vrrp_) {
            continue;
        }
        snmp::BfdInfo bi{b.name_, false, b.weight_, b.weight_reverse_};
        if (const auto tracker = router_->find_tracker(vrrp::TrackerKind::bfd, b.name_)) {
            bi.up = router_->trackers()[*tracker].health == vrrp::TrackerHealth::up;
        } else if (const auto seen = bfd_up_.find(b.name_); seen != bfd_up_.end()) {
            bi.up = seen->second; // no instance tracks it: the last event, as keepalived shows
        }
        s.bfds.push_back(std::move(bi));
    }
    return s;
}

} // namespace vigil::vrrpd
