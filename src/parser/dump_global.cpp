// The dump of the root settings (net_namespace, linkbeat, track groups...) and of
// global_defs, in keepalived syntax; settings equal to their default are left out.
#include "parser/dump_global.hpp"

#include "parser/bind_context.hpp"
#include "parser/dump_lvs.hpp"

#include <fmt/format.h>

namespace vigil::parser {

using namespace config;
using namespace net;

namespace {

std::string seconds_text(microseconds v) {
    return format_seconds(v);
}

}  // namespace

void dump_root(Writer& w, const RootSettings& r) {
    const RootSettings d;
    w.opt_string("net_namespace", r.net_namespace_);
    if (r.net_namespace_ipvs_) {
        w.line(r.net_namespace_ipvs_->empty() ? "net_namespace_ipvs" : "net_namespace_ipvs " + word(*r.net_namespace_ipvs_));
    }
    w.flag("namespace_with_ipsets", r.namespace_with_ipsets_);
    w.opt_string("instance", r.instance_);
    w.flag("use_pid_dir", r.use_pid_dir_);
    if (r.child_wait_time_ != d.child_wait_time_) {
        w.value("child_wait_time", r.child_wait_time_.count());
    }
    w.flag("linkbeat_use_polling", r.linkbeat_use_polling_);
    if (!r.linkbeat_interfaces_.empty()) {
        w.open("linkbeat_interfaces");
        for (const auto& li : r.linkbeat_interfaces_) {
            w.line(li.type_ ? li.name_ + " " + *li.type_ : li.name_);
        }
        w.close();
    }
    if (!r.interface_up_down_delays_.empty()) {
        w.open("interface_up_down_delays");
        for (const auto& d2 : r.interface_up_down_delays_) {
            w.line(fmt::format("{} {} {}", d2.name_, seconds_text(d2.down_delay_), seconds_text(d2.up_delay_)));
        }
        w.close();
    }
    for (const auto& tg : r.track_groups_) {
        w.open("track_group " + word(tg.name_));
        w.open("group");
        for (const auto& m : tg.members_) {
            w.line(word(m));
        }
        w.close();
        w.close();
    }
}

void dump_global(Writer& w, const GlobalDefs& g) {
    const GlobalDefs d;
    if (g == d) {
        return;
    }
    w.open("global_defs");
    w.opt_string("router_id", g.router_id_);
    if (!g.notification_email_.empty()) {
        w.open("notification_email");
        for (const auto& e : g.notification_email_) {
            w.line(word(e));
        }
        w.close();
    }
    w.opt_string("notification_email_from", g.notification_email_from_);
    if (g.smtp_server_) {
        w.line(fmt::format("smtp_server {} {}", word(g.smtp_server_->host_), g.smtp_server_->port_));
    }
    w.opt_string("smtp_helo_name", g.smtp_helo_name_);
    if (g.smtp_connect_timeout_ != d.smtp_connect_timeout_) {
        w.value("smtp_connect_timeout", g.smtp_connect_timeout_.count());
    }
    w.opt_bool("smtp_alert", g.smtp_alert_);
    w.opt_bool("smtp_alert_vrrp", g.smtp_alert_vrrp_);
    w.flag("no_email_faults", g.no_email_faults_);
    w.flag("enable_script_security", g.enable_script_security_);
    if (g.script_user_) {
        w.line("script_user " + word(g.script_user_->user_) + (g.script_user_->group_ ? " " + word(*g.script_user_->group_) : ""));
    }
    w.opt_string("default_interface", g.default_interface_);
    w.fifo("notify_fifo", g.notify_fifo_);
    w.command("notify_fifo_script", g.notify_fifo_script_);
    w.opt_string("umask", g.umask_);
    if (g.random_seed_) {
        w.value("random_seed", *g.random_seed_);
    }
    if (g.reload_check_config_) {
        w.line(g.reload_check_config_file_ ? "reload_check_config " + word(*g.reload_check_config_file_) : "reload_check_config");
    }
    w.opt_string("reload_time_file", g.reload_time_file_);
    w.flag("reload_repeat", g.reload_repeat_);
    if (g.reload_file_) {
        w.line(g.reload_file_path_ ? "reload_file " + word(*g.reload_file_path_) : "reload_file");
    }
    w.opt_string("include_check", g.include_check_);
    w.opt_string("config_save_dir", g.config_save_dir_);
    w.opt_string("tmp_config_directory", g.tmp_config_directory_);
    w.opt_bool("data_use_instance", g.data_use_instance_);
    if (g.dynamic_interfaces_) {
        w.line(g.allow_if_changes_ ? "dynamic_interfaces allow_if_changes" : "dynamic_interfaces");
    }
    w.flag("process_names", g.process_names_);
    w.opt_string("process_name", g.process_name_);
    w.opt_string("vrrp_process_name", g.vrrp_process_name_);
    w.command("startup_script", g.startup_script_);
    w.command("shutdown_script", g.shutdown_script_);
    if (g.startup_script_timeout_ != d.startup_script_timeout_) {
        w.value("startup_script_timeout", g.startup_script_timeout_.count());
    }
    if (g.shutdown_script_timeout_ != d.shutdown_script_timeout_) {
        w.value("shutdown_script_timeout", g.shutdown_script_timeout_.count());
    }
    w.opt_string("snmp_socket", g.snmp_socket_);
    w.flag("enable_snmp_vrrp", g.enable_snmp_vrrp_);
    w.flag("enable_snmp_rfc", g.enable_snmp_rfc_);
    w.flag("enable_snmp_rfcv2", g.enable_snmp_rfcv2_);
    w.flag("enable_snmp_rfcv3", g.enable_snmp_rfcv3_);
    w.flag("enable_traps", g.enable_traps_);
    w.flag("enable_dbus", g.enable_dbus_);
    w.opt_string("dbus_service_name", g.dbus_service_name_);
    w.value_unless_default("vrrp_version", g.vrrp_version_, d.vrrp_version_);
    if (g.vrrp_mcast_group4_ != d.vrrp_mcast_group4_) {
        w.value("vrrp_mcast_group4", g.vrrp_mcast_group4_.to_string());
    }
    if (g.vrrp_mcast_group6_ != d.vrrp_mcast_group6_) {
        w.value("vrrp_mcast_group6", g.vrrp_mcast_group6_.to_string());
    }
    if (g.vrrp_garp_master_delay_ != d.vrrp_garp_master_delay_) {
        w.value("vrrp_garp_master_delay", g.vrrp_garp_master_delay_.count());
    }
    w.value_unless_default("vrrp_garp_master_repeat", g.vrrp_garp_master_repeat_, d.vrrp_garp_master_repeat_);
    if (g.vrrp_garp_master_refresh_ != d.vrrp_garp_master_refresh_) {
        w.value("vrrp_garp_master_refresh", g.vrrp_garp_master_refresh_.count());
    }
    w.value_unless_default("vrrp_garp_master_refresh_repeat", g.vrrp_garp_master_refresh_repeat_, d.vrrp_garp_master_refresh_repeat_);
    if (g.vrrp_garp_lower_prio_delay_) {
        w.value("vrrp_garp_lower_prio_delay", g.vrrp_garp_lower_prio_delay_->count());
    }
    if (g.vrrp_garp_lower_prio_repeat_) {
        w.value("vrrp_garp_lower_prio_repeat", *g.vrrp_garp_lower_prio_repeat_);
    }
    if (g.vrrp_garp_interval_.count() != 0) {
        w.value("vrrp_garp_interval", seconds_text(g.vrrp_garp_interval_));
    }
    if (g.vrrp_gna_interval_.count() != 0) {
        w.value("vrrp_gna_interval", seconds_text(g.vrrp_gna_interval_));
    }
    if (g.vrrp_min_garp_) {
        w.line("vrrp_min_garp true");
    }
    w.garp_extra_if("vrrp_garp_extra_if", g.vrrp_garp_extra_if_);
    w.value_unless_default("vrrp_down_timer_adverts", g.vrrp_down_timer_adverts_, d.vrrp_down_timer_adverts_);
    w.opt_bool("vrrp_lower_prio_no_advert", g.vrrp_lower_prio_no_advert_);
    w.opt_bool("vrrp_higher_prio_send_advert", g.vrrp_higher_prio_send_advert_);
    w.flag("vrrp_strict", g.vrrp_strict_);
    w.flag("vrrp_skip_check_adv_addr", g.vrrp_skip_check_adv_addr_);
    w.flag("vrrp_check_unicast_src", g.vrrp_check_unicast_src_);
    if (g.vrrp_iptables_) {
        w.words_line("vrrp_iptables", *g.vrrp_iptables_);
    }
    if (g.vrrp_ipsets_) {
        w.words_line("vrrp_ipsets", *g.vrrp_ipsets_);
    }
    w.opt_string("nftables", g.nftables_);
    w.value_unless_default("nftables_priority", g.nftables_priority_, d.nftables_priority_);
    w.flag("nftables_counters", g.nftables_counters_);
    w.flag("nftables_ifindex", g.nftables_ifindex_);
    w.value_unless_default("vrrp_priority", g.vrrp_priority_, d.vrrp_priority_);
    w.flag("vrrp_no_swap", g.vrrp_no_swap_);
    if (g.vrrp_rt_priority_) {
        w.value("vrrp_rt_priority", *g.vrrp_rt_priority_);
    }
    if (!g.vrrp_cpu_affinity_.empty()) {
        w.words_line("vrrp_cpu_affinity", g.vrrp_cpu_affinity_);
    }
    w.value_unless_default("vrrp_rlimit_rttime", g.vrrp_rlimit_rttime_, d.vrrp_rlimit_rttime_);
    if (g.max_auto_priority_) {
        w.value("max_auto_priority", *g.max_auto_priority_);
    }
    w.value_unless_default("min_auto_priority_delay", g.min_auto_priority_delay_, d.min_auto_priority_delay_);
    w.fifo("vrrp_notify_fifo", g.vrrp_notify_fifo_);
    w.command("vrrp_notify_fifo_script", g.vrrp_notify_fifo_script_);
    if (g.vrrp_notify_priority_changes_) {
        w.line("vrrp_notify_priority_changes true");
    }
    w.flag("fifo_write_vrrp_states_on_reload", g.fifo_write_vrrp_states_on_reload_);
    w.flag("disable_local_igmp", g.disable_local_igmp_);
    if (g.vrrp_startup_delay_.count() != 0) {
        w.value("vrrp_startup_delay", seconds_text(g.vrrp_startup_delay_));
    }
    w.flag("log_unknown_vrids", g.log_unknown_vrids_);
    if (g.vmac_prefix_ != d.vmac_prefix_) {
        w.value("vmac_prefix", word(g.vmac_prefix_));
    }
    w.opt_string("vmac_addr_prefix", g.vmac_addr_prefix_);
    w.opt_string("vrrp_rx_bufs_policy", g.vrrp_rx_bufs_policy_);
    w.value_unless_default("vrrp_rx_bufs_multiplier", g.vrrp_rx_bufs_multiplier_, d.vrrp_rx_bufs_multiplier_);
    w.value_unless_default("vrrp_netlink_cmd_rcv_bufs", g.vrrp_netlink_cmd_rcv_bufs_, 0);
    if (g.vrrp_netlink_cmd_rcv_bufs_force_) {
        w.line("vrrp_netlink_cmd_rcv_bufs_force true");
    }
    w.value_unless_default("vrrp_netlink_monitor_rcv_bufs", g.vrrp_netlink_monitor_rcv_bufs_, 0);
    if (g.vrrp_netlink_monitor_rcv_bufs_force_) {
        w.line("vrrp_netlink_monitor_rcv_bufs_force true");
    }
    if (g.checker_) {
        dump_checker_globals(w, *g.checker_);
    }
    for (const auto& o : g.other_) {
        w.raw(o);
    }
    w.close();
}

}  // namespace vigil::parser
