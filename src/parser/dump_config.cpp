#include "parser/dump_config.hpp"

#include "parser/bind_address.hpp"
#include "parser/bind_context.hpp"
#include "parser/dump_global.hpp"
#include "parser/dump_lvs.hpp"
#include "parser/dump_writer.hpp"

#include <fmt/format.h>

namespace vigil::parser {

namespace {

using namespace config;
using namespace net;

std::string seconds_text(microseconds v) {
    return format_seconds(v);
}

void addresses(Writer& w, std::string_view kw, const std::vector<VirtualAddress>& list) {
    if (list.empty()) {
        return;
    }
    w.open(kw);
    for (const auto& a : list) {
        w.line(format_address(a));
    }
    w.close();
}

void routes(Writer& w, std::string_view kw, const std::vector<Route>& list) {
    if (list.empty()) {
        return;
    }
    w.open(kw);
    for (const auto& r : list) {
        w.line(format_route(r));
    }
    w.close();
}

void rules(Writer& w, std::string_view kw, const std::vector<Rule>& list) {
    if (list.empty()) {
        return;
    }
    w.open(kw);
    for (const auto& r : list) {
        w.line(format_rule(r));
    }
    w.close();
}

void tracked(Writer& w, std::string_view kw, const std::vector<TrackedObject>& list) {
    if (list.empty()) {
        return;
    }
    w.open(kw);
    for (const auto& t : list) {
        std::string text = word(t.name_);
        if (t.weight_) {
            text += fmt::format(" weight {}", *t.weight_);
            if (t.direction_ == TrackDirection::reverse) {
                text += " reverse";
            }
        } else if (t.direction_ == TrackDirection::reverse) {
            text += " reverse";
        }
        w.line(text);
    }
    w.close();
}

void trackers(Writer& w, const Trackers& t) {
    tracked(w, "track_interface", t.interfaces_);
    tracked(w, "track_script", t.scripts_);
    tracked(w, "track_file", t.files_);
    tracked(w, "track_process", t.processes_);
    tracked(w, "track_bfd", t.bfds_);
}

void notifies(Writer& w, const Notifies& n) {
    w.command("notify_master", n.master_);
    w.command("notify_backup", n.backup_);
    w.command("notify_fault", n.fault_);
    w.command("notify_stop", n.stop_);
    w.command("notify", n.generic_);
    w.command("notify_master_rx_lower_pri", n.master_rx_lower_pri_);
    if (n.deleted_script_) {
        w.command("notify_deleted", n.deleted_script_);
    } else if (n.deleted_) {
        w.line("notify_deleted");
    }
}

void dump_instance(Writer& w, const VrrpInstance& vi) {
    w.open("vrrp_instance " + word(vi.name_));
    if (vi.state_) {
        w.line(*vi.state_ == InitialState::master ? "state MASTER" : "state BACKUP");
    }
    w.opt_string("interface", vi.interface_);
    if (vi.virtual_router_id_) {
        w.value("virtual_router_id", *vi.virtual_router_id_);
    }
    if (vi.priority_) {
        w.value("priority", *vi.priority_);
    }
    w.value("advert_int", seconds_text(vi.advert_int_));
    if (vi.version_) {
        w.value("version", *vi.version_);
    }
    w.flag("native_ipv6", vi.native_ipv6_);
    if (vi.mcast_src_ip_) {
        w.value("mcast_src_ip", vi.mcast_src_ip_->to_string());
    }
    if (vi.unicast_src_ip_) {
        w.value("unicast_src_ip", vi.unicast_src_ip_->to_string());
    }
    if (!vi.unicast_peers_.empty()) {
        w.open("unicast_peer");
        for (const auto& p : vi.unicast_peers_) {
            std::string text = p.address_.to_string();
            if (p.min_ttl_) {
                text += fmt::format(" min_ttl {}", *p.min_ttl_);
            }
            if (p.max_ttl_) {
                text += fmt::format(" max_ttl {}", *p.max_ttl_);
            }
            w.line(text);
        }
        w.close();
    }
    w.flag("unicast_fault_no_peer", vi.unicast_fault_no_peer_);
    if (vi.unicast_ttl_) {
        w.value("unicast_ttl", *vi.unicast_ttl_);
    }
    w.flag("check_unicast_src", vi.check_unicast_src_);
    if (vi.old_unicast_checksum_) {
        w.line(*vi.old_unicast_checksum_ == OldUnicastChecksum::never ? "old_unicast_checksum never" : "old_unicast_checksum");
    }
    if (vi.mcast_dst_ip_) {
        w.value("mcast_dst_ip", vi.mcast_dst_ip_->to_string());
    }
    w.flag("track_src_ip", vi.track_src_ip_);
    if (vi.authentication_) {
        w.open("authentication");
        w.line(vi.authentication_->type_ == AuthType::ah ? "auth_type AH" : "auth_type PASS");
        if (!vi.authentication_->password_.empty()) {
            w.value("auth_pass", word(vi.authentication_->password_));
        }
        w.close();
    }
    w.flag("nopreempt", vi.nopreempt_);
    if (vi.preempt_delay_.count() != 0) {
        w.value("preempt_delay", seconds_text(vi.preempt_delay_));
    }
    addresses(w, "virtual_ipaddress", vi.vips_);
    addresses(w, "virtual_ipaddress_excluded", vi.evips_);
    routes(w, "virtual_routes", vi.virtual_routes_);
    rules(w, "virtual_rules", vi.virtual_rules_);
    trackers(w, vi.track_);
    w.flag("dont_track_primary", vi.dont_track_primary_);
    notifies(w, vi.notify_);
    w.opt_bool("notify_priority_changes", vi.notify_priority_changes_);
    w.opt_bool("smtp_alert", vi.smtp_alert_);
    if (vi.garp_master_delay_) {
        w.value("garp_master_delay", vi.garp_master_delay_->count());
    }
    if (vi.garp_master_repeat_) {
        w.value("garp_master_repeat", *vi.garp_master_repeat_);
    }
    if (vi.garp_master_refresh_) {
        w.value("garp_master_refresh", vi.garp_master_refresh_->count());
    }
    if (vi.garp_master_refresh_repeat_) {
        w.value("garp_master_refresh_repeat", *vi.garp_master_refresh_repeat_);
    }
    if (vi.garp_lower_prio_delay_) {
        w.value("garp_lower_prio_delay", vi.garp_lower_prio_delay_->count());
    }
    if (vi.garp_lower_prio_repeat_) {
        w.value("garp_lower_prio_repeat", *vi.garp_lower_prio_repeat_);
    }
    w.garp_extra_if("garp_extra_if", vi.garp_extra_if_);
    if (vi.down_timer_adverts_) {
        w.value("down_timer_adverts", *vi.down_timer_adverts_);
    }
    w.opt_bool("lower_prio_no_advert", vi.lower_prio_no_advert_);
    w.opt_bool("higher_prio_send_advert", vi.higher_prio_send_advert_);
    w.opt_bool("skip_check_adv_addr", vi.skip_check_adv_addr_);
    w.opt_bool("strict_mode", vi.strict_mode_);
    if (vi.accept_) {
        w.line(*vi.accept_ ? "accept" : "no_accept");
    }
    w.flag("promote_secondaries", vi.promote_secondaries_);
    if (vi.use_vmac_) {
        std::string text = "use_vmac";
        if (vi.use_vmac_->ifname_) {
            text += " " + word(*vi.use_vmac_->ifname_);
        }
        if (vi.use_vmac_->mac_) {
            text += " " + *vi.use_vmac_->mac_;
        }
        w.line(text);
        w.flag("use_vmac_addr", vi.use_vmac_->use_vmac_addr_);
        w.flag("vmac_xmit_base", vi.use_vmac_->xmit_base_);
    }
    // use_vmac_addr alone (with use_vmac it is written above).
    w.flag("use_vmac_addr", vi.use_vmac_addr_ && !vi.use_vmac_);
    if (vi.use_ipvlan_) {
        std::string text = "use_ipvlan";
        if (vi.use_ipvlan_->ifname_) {
            text += " " + word(*vi.use_ipvlan_->ifname_);
        }
        if (vi.use_ipvlan_->address_) {
            text += " " + vi.use_ipvlan_->address_->to_string();
        }
        if (vi.use_ipvlan_->mode_) {
            text += " " + *vi.use_ipvlan_->mode_;
        }
        w.line(text);
    }
    w.opt_string("vrf", vi.vrf_);
    w.opt_string("lvs_sync_daemon_interface", vi.lvs_sync_daemon_interface_);
    w.value_unless_default("kernel_rx_buf_size", vi.kernel_rx_buf_size_, 0);
    w.flag("linkbeat_use_polling", vi.linkbeat_use_polling_);
    w.value_unless_default("debug", vi.debug_, 0);
    w.close();
}

void dump_sync_group(Writer& w, const SyncGroup& sg) {
    w.open("vrrp_sync_group " + word(sg.name_));
    w.open("group");
    for (const auto& m : sg.members_) {
        w.line(word(m));
    }
    w.close();
    trackers(w, sg.track_);
    notifies(w, sg.notify_);
    w.opt_bool("smtp_alert", sg.smtp_alert_);
    w.opt_bool("notify_priority_changes", sg.notify_priority_changes_);
    w.flag("global_tracking", sg.global_tracking_);
    w.flag("sync_group_tracking_weight", sg.sync_group_tracking_weight_);
    w.close();
}

void dump_script(Writer& w, const VrrpScript& s) {
    const VrrpScript d;
    w.open("vrrp_script " + word(s.name_));
    w.command("script", s.script_);
    if (s.interval_ != d.interval_) {
        w.value("interval", s.interval_.count());
    }
    if (s.timeout_) {
        w.value("timeout", s.timeout_->count());
    }
    if (s.weight_ != 0 || s.direction_ == TrackDirection::reverse) {
        w.line(fmt::format("weight {}{}", s.weight_, s.direction_ == TrackDirection::reverse ? " reverse" : ""));
    }
    w.value_unless_default("rise", s.rise_, d.rise_);
    w.value_unless_default("fall", s.fall_, d.fall_);
    if (s.user_) {
        w.line("user " + word(s.user_->user_) + (s.user_->group_ ? " " + word(*s.user_->group_) : ""));
    }
    w.flag("init_fail", s.init_fail_);
    w.close();
}

void dump_track_file(Writer& w, const TrackFile& f) {
    w.open("track_file " + word(f.name_));
    w.opt_string("file", f.file_);
    if (f.weight_ != 1 || f.direction_ == TrackDirection::reverse) {
        w.line(fmt::format("weight {}{}", f.weight_, f.direction_ == TrackDirection::reverse ? " reverse" : ""));
    }
    if (f.init_file_value_) {
        w.line(fmt::format("init_file {}{}", *f.init_file_value_, f.init_file_overwrite_ ? " overwrite" : ""));
    }
    w.close();
}

void dump_track_process(Writer& w, const TrackProcess& p) {
    w.open("vrrp_track_process " + word(p.name_));
    if (p.process_) {
        std::vector<std::string> words{*p.process_};
        words.insert(words.end(), p.params_.begin(), p.params_.end());
        w.words_line("process", words);
    }
    switch (p.param_match_) {
    case ParamMatch::exact: break;
    case ParamMatch::initial: w.line("param_match initial"); break;
    case ParamMatch::partial: w.line("param_match partial"); break;
    }
    if (p.weight_ != 0 || p.direction_ == TrackDirection::reverse) {
        w.line(fmt::format("weight {}{}", p.weight_, p.direction_ == TrackDirection::reverse ? " reverse" : ""));
    }
    w.value_unless_default("quorum", p.quorum_, 1);
    if (p.quorum_max_) {
        w.value("quorum_max", *p.quorum_max_);
    }
    if (p.delay_) {
        w.value("delay", seconds_text(*p.delay_));
    }
    if (p.fork_delay_) {
        w.value("fork_delay", seconds_text(*p.fork_delay_));
    }
    if (p.terminate_delay_) {
        w.value("terminate_delay", seconds_text(*p.terminate_delay_));
    }
    w.flag("full_command", p.full_command_);
    w.close();
}

void dump_garp_group(Writer& w, const GarpGroup& g) {
    w.open("garp_group");
    if (g.garp_interval_) {
        w.value("garp_interval", seconds_text(*g.garp_interval_));
    }
    if (g.gna_interval_) {
        w.value("gna_interval", seconds_text(*g.gna_interval_));
    }
    if (!g.interfaces_.empty()) {
        w.open("interfaces");
        for (const auto& i : g.interfaces_) {
            w.line(word(i));
        }
        w.close();
    }
    w.close();
}

} // namespace

std::string dump_config(const config::Config& cfg) {
    Writer w;
    dump_root(w, cfg.root_);
    dump_global(w, cfg.global_);
    addresses(w, "static_ipaddress", cfg.static_addresses_);
    routes(w, "static_routes", cfg.static_routes_);
    rules(w, "static_rules", cfg.static_rules_);
    for (const auto& s : cfg.scripts_) {
        dump_script(w, s);
    }
    for (const auto& f : cfg.track_files_) {
        dump_track_file(w, f);
    }
    for (const auto& p : cfg.track_processes_) {
        dump_track_process(w, p);
    }
    for (const auto& g : cfg.garp_groups_) {
        dump_garp_group(w, g);
    }
    // Before the VRRP instances and virtual servers that track them.
    dump_bfd_instances(w, cfg.bfd_instances_);
    for (const auto& vi : cfg.instances_) {
        dump_instance(w, vi);
    }
    for (const auto& sg : cfg.sync_groups_) {
        dump_sync_group(w, sg);
    }
    if (cfg.lvs_) {
        dump_lvs(w, *cfg.lvs_, cfg.global_);
    }
    return w.take();
}

} // namespace vigil::parser
