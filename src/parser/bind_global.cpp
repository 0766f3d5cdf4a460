// global_defs { ... } (reference §3.2).
#include "parser/bind_blocks.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/bind_lvs.hpp"
#include "parser/keywords_table.hpp"

#include <fmt/format.h>

#include <array>

namespace vigil::parser {

namespace {

namespace h = handlers;
using config::GlobalDefs;
using G = GlobalDefs;

constexpr long long max_u32 = 0xffffffffLL;

void smtp_server(BindContext& ctx, const Statement& s, G& g) {
    const auto host = ctx.word(s, 1);
    if (!host) {
        return;
    }
    config::SmtpServer server{std::string{*host}, 25};
    if (s.words.size() > 2) {
        if (auto port = ctx.integer(s, 2, 1, 65535)) {
            server.port_ = static_cast<std::uint16_t>(*port);
        }
    }
    g.smtp_server_ = std::move(server);
}

void notification_email(BindContext&, const Statement& s, G& g) {
    for (const auto& line : s.block) {
        for (const auto& w : line.words) {
            g.notification_email_.emplace_back(w.text);
        }
    }
}

void user_group(BindContext& ctx, const Statement& s, std::optional<config::UserGroup>& out) {
    const auto user = ctx.word(s, 1);
    if (!user) {
        return;
    }
    config::UserGroup ug{std::string{*user}, std::nullopt};
    if (s.words.size() > 2) {
        ug.group_ = std::string{s.words[2].text};
    }
    out = std::move(ug);
}

void script_user(BindContext& ctx, const Statement& s, G& g) {
    user_group(ctx, s, g.script_user_);
}

std::optional<config::Fifo> fifo(BindContext& ctx, const Statement& s) {
    const auto path = ctx.word(s, 1);
    if (!path) {
        return std::nullopt;
    }
    config::Fifo f{std::string{*path}, std::nullopt, std::nullopt};
    if (s.words.size() > 2) {
        f.user_ = std::string{s.words[2].text};
    }
    if (s.words.size() > 3) {
        f.group_ = std::string{s.words[3].text};
    }
    return f;
}

void notify_fifo(BindContext& ctx, const Statement& s, G& g) {
    if (auto f = fifo(ctx, s)) {
        g.notify_fifo_ = std::move(*f);
    }
}

void vrrp_notify_fifo(BindContext& ctx, const Statement& s, G& g) {
    if (auto f = fifo(ctx, s)) {
        g.vrrp_notify_fifo_ = std::move(*f);
    }
}

// An explicit 0 is rejected (reference §3.2): the value stays 0.
void garp_interval(BindContext& ctx, const Statement& s, config::microseconds& out) {
    if (auto v = ctx.timer(s, 1, 0.000001, 4294.967295)) {
        out = *v;
    } else if (s.words.size() > 1) {
        ctx.error(s.words[1].where, fmt::format("{} '{}' is invalid", s.keyword(), s.words[1].text));
    }
}

void vrrp_garp_interval(BindContext& ctx, const Statement& s, G& g) {
    garp_interval(ctx, s, g.vrrp_garp_interval_);
}

void vrrp_gna_interval(BindContext& ctx, const Statement& s, G& g) {
    garp_interval(ctx, s, g.vrrp_gna_interval_);
}

void vrrp_garp_extra_if(BindContext& ctx, const Statement& s, G& g) {
    if (s.keyword() == "vrrp_vmac_garp_intvl") {
        ctx.warning(s.words[0].where, "Keyword \"vrrp_vmac_garp_intvl\" is deprecated - please use \"vrrp_garp_extra_if\"");
    }
    if (auto v = bind_garp_extra_if(ctx, s)) {
        g.vrrp_garp_extra_if_ = *v;
    }
}

void vrrp_version(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = ctx.integer(s, 1, 2, 3)) {
        g.vrrp_version_ = static_cast<unsigned>(*v);
    }
}

void mcast_group(BindContext& ctx, const Statement& s, net::IpAddress& out, net::Family family) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    auto a = net::IpAddress::parse(*text);
    if (!a || a->family() != family || !a->is_multicast()) {
        ctx.error(s.words[1].where, fmt::format("{} '{}' is not a multicast address - ignoring", s.keyword(), *text));
        return;
    }
    out = *a;
}

void mcast4(BindContext& ctx, const Statement& s, G& g) {
    mcast_group(ctx, s, g.vrrp_mcast_group4_, net::Family::ipv4);
}

void mcast6(BindContext& ctx, const Statement& s, G& g) {
    mcast_group(ctx, s, g.vrrp_mcast_group6_, net::Family::ipv6);
}

void vrrp_iptables(BindContext& ctx, const Statement& s, G& g) {
    ctx.warning(s.words[0].where, "iptables not supported, using nftables instead. Please replace 'vrrp_iptables and "
                                  "'vrrp_ipsets' with 'nftables' config option");
    h::words<&G::vrrp_iptables_>(ctx, s, g);
}

void nftables(BindContext&, const Statement& s, G& g) {
    g.nftables_ = s.words.size() > 1 ? std::string{s.words[1].text} : std::string{"keepalived"};
}

void max_auto_priority(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() < 2) {
        g.max_auto_priority_ = 99;
        return;
    }
    if (auto v = ctx.integer(s, 1, -1, 99)) {
        g.max_auto_priority_ = static_cast<int>(*v);
    }
}

void dynamic_interfaces(BindContext&, const Statement& s, G& g) {
    g.dynamic_interfaces_ = true;
    g.allow_if_changes_ = s.words.size() > 1 && s.words[1].text == "allow_if_changes";
}

void reload_check_config(BindContext&, const Statement& s, G& g) {
    g.reload_check_config_ = true;
    if (s.words.size() > 1) {
        g.reload_check_config_file_ = std::string{s.words[1].text};
    }
}

void reload_file(BindContext&, const Statement& s, G& g) {
    g.reload_file_ = true;
    if (s.words.size() > 1) {
        g.reload_file_path_ = std::string{s.words[1].text};
    }
}

void umask(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = ctx.word(s, 1)) {
        std::string text;
        for (std::size_t i = 1; i < s.words.size(); ++i) {
            text += s.words[i].text;
        }
        g.umask_ = std::move(text);
    }
}

void rlimit_rttime(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = ctx.integer(s, 1, 2, max_u32)) {
        g.vrrp_rlimit_rttime_ = static_cast<std::uint64_t>(*v);
    }
}

void enable_snmp_keepalived(BindContext&, const Statement&, G& g) {
    g.enable_snmp_vrrp_ = true;
}

void process_names(BindContext&, const Statement&, G& g) {
    g.process_names_ = true;
}

constexpr Keyword<G> global_keywords[] = {
    {"router_id", Shape::line, h::string<&G::router_id_>},
    {"notification_email", Shape::block, notification_email},
    {"notification_email_from", Shape::line, h::string<&G::notification_email_from_>},
    {"smtp_server", Shape::line, smtp_server},
    {"smtp_helo_name", Shape::line, h::string<&G::smtp_helo_name_>},
    {"smtp_connect_timeout", Shape::line, h::integer<&G::smtp_connect_timeout_, 1, max_u32>},
    {"smtp_alert", Shape::line, h::boolean<&G::smtp_alert_>},
    {"smtp_alert_vrrp", Shape::line, h::boolean<&G::smtp_alert_vrrp_>},
    {"no_email_faults", Shape::line, h::flag<&G::no_email_faults_>},
    {"enable_script_security", Shape::line, h::flag<&G::enable_script_security_>},
    {"script_user", Shape::line, script_user},
    {"default_interface", Shape::line, h::string<&G::default_interface_>},
    {"notify_fifo", Shape::line, notify_fifo},
    {"notify_fifo_script", Shape::line, h::command<&G::notify_fifo_script_>},
    {"umask", Shape::line, umask},
    {"random_seed", Shape::line, h::integer<&G::random_seed_, 0, max_u32>},
    {"reload_check_config", Shape::line, reload_check_config},
    {"reload_time_file", Shape::line, h::string<&G::reload_time_file_>},
    {"reload_repeat", Shape::line, h::flag<&G::reload_repeat_>},
    {"reload_file", Shape::line, reload_file},
    {"include_check", Shape::line, h::string<&G::include_check_>},
    {"config_save_dir", Shape::line, h::string<&G::config_save_dir_>},
    {"tmp_config_directory", Shape::line, h::string<&G::tmp_config_directory_>},
    {"data_use_instance", Shape::line, h::boolean<&G::data_use_instance_>},
    {"dynamic_interfaces", Shape::line, dynamic_interfaces},
    {"process_names", Shape::line, process_names},
    {"process_name", Shape::line, h::string<&G::process_name_>},
    {"vrrp_process_name", Shape::line, h::string<&G::vrrp_process_name_>},
    {"startup_script", Shape::line, h::command<&G::startup_script_>},
    {"shutdown_script", Shape::line, h::command<&G::shutdown_script_>},
    {"startup_script_timeout", Shape::line, h::integer<&G::startup_script_timeout_, 1, 1000>},
    {"shutdown_script_timeout", Shape::line, h::integer<&G::shutdown_script_timeout_, 1, 1000>},
    {"snmp_socket", Shape::line, h::string<&G::snmp_socket_>},
    {"enable_snmp_vrrp", Shape::line, h::flag<&G::enable_snmp_vrrp_>},
    {"enable_snmp_keepalived", Shape::line, enable_snmp_keepalived},
    {"enable_snmp_rfc", Shape::line, h::flag<&G::enable_snmp_rfc_>},
    {"enable_snmp_rfcv2", Shape::line, h::flag<&G::enable_snmp_rfcv2_>},
    {"enable_snmp_rfcv3", Shape::line, h::flag<&G::enable_snmp_rfcv3_>},
    {"enable_traps", Shape::line, h::flag<&G::enable_traps_>},
    {"enable_dbus", Shape::line, h::flag<&G::enable_dbus_>},
    {"dbus_service_name", Shape::line, h::string<&G::dbus_service_name_>},
    {"vrrp_version", Shape::line, vrrp_version},
    {"vrrp_mcast_group4", Shape::line, mcast4},
    {"vrrp_mcast_group6", Shape::line, mcast6},
    {"vrrp_garp_master_delay", Shape::line, h::integer<&G::vrrp_garp_master_delay_, 0, 255>},
    {"vrrp_garp_master_repeat", Shape::line, h::integer<&G::vrrp_garp_master_repeat_, 1, 255>},
    {"vrrp_garp_master_refresh", Shape::line, h::integer<&G::vrrp_garp_master_refresh_, 0, max_u32>},
    {"vrrp_garp_master_refresh_repeat", Shape::line, h::integer<&G::vrrp_garp_master_refresh_repeat_, 1, 255>},
    {"vrrp_garp_lower_prio_delay", Shape::line, h::integer<&G::vrrp_garp_lower_prio_delay_, 0, 255>},
    {"vrrp_garp_lower_prio_repeat", Shape::line, h::integer<&G::vrrp_garp_lower_prio_repeat_, 1, 255>},
    {"vrrp_garp_interval", Shape::line, vrrp_garp_interval},
    {"vrrp_gna_interval", Shape::line, vrrp_gna_interval},
    {"vrrp_min_garp", Shape::line, h::boolean<&G::vrrp_min_garp_>},
    {"vrrp_garp_extra_if", Shape::line, vrrp_garp_extra_if},
    {"vrrp_vmac_garp_intvl", Shape::line, vrrp_garp_extra_if},
    {"vrrp_down_timer_adverts", Shape::line, h::integer<&G::vrrp_down_timer_adverts_, 1, 100>},
    {"vrrp_lower_prio_no_advert", Shape::line, h::boolean<&G::vrrp_lower_prio_no_advert_>},
    {"vrrp_higher_prio_send_advert", Shape::line, h::boolean<&G::vrrp_higher_prio_send_advert_>},
    {"vrrp_strict", Shape::line, h::flag<&G::vrrp_strict_>},
    {"vrrp_skip_check_adv_addr", Shape::line, h::flag<&G::vrrp_skip_check_adv_addr_>},
    {"vrrp_check_unicast_src", Shape::line, h::flag<&G::vrrp_check_unicast_src_>},
    {"vrrp_iptables", Shape::line, vrrp_iptables},
    {"vrrp_ipsets", Shape::line, h::words<&G::vrrp_ipsets_>},
    {"nftables", Shape::line, nftables},
    {"nftables_priority", Shape::line, h::integer<&G::nftables_priority_, -2147483647LL, 2147483647LL>},
    {"nftables_counters", Shape::line, h::flag<&G::nftables_counters_>},
    {"nftables_ifindex", Shape::line, h::flag<&G::nftables_ifindex_>},
    {"vrrp_priority", Shape::line, h::integer<&G::vrrp_priority_, -20, 19>},
    {"vrrp_no_swap", Shape::line, h::flag<&G::vrrp_no_swap_>},
    {"vrrp_rt_priority", Shape::line, h::integer<&G::vrrp_rt_priority_, 1, 99>},
    {"vrrp_cpu_affinity", Shape::line, h::words<&G::vrrp_cpu_affinity_>},
    {"vrrp_rlimit_rttime", Shape::line, rlimit_rttime},
    {"vrrp_rlimit_rtime", Shape::line, rlimit_rttime},
    {"max_auto_priority", Shape::line, max_auto_priority},
    {"min_auto_priority_delay", Shape::line, h::integer<&G::min_auto_priority_delay_, 1, max_u32>},
    {"vrrp_notify_fifo", Shape::line, vrrp_notify_fifo},
    {"vrrp_notify_fifo_script", Shape::line, h::command<&G::vrrp_notify_fifo_script_>},
    {"vrrp_notify_priority_changes", Shape::line, h::boolean<&G::vrrp_notify_priority_changes_>},
    {"fifo_write_vrrp_states_on_reload", Shape::line, h::flag<&G::fifo_write_vrrp_states_on_reload_>},
    {"disable_local_igmp", Shape::line, h::flag<&G::disable_local_igmp_>},
    {"vrrp_startup_delay", Shape::line, h::timer<&G::vrrp_startup_delay_, 0, 3600000000LL>},
    {"log_unknown_vrids", Shape::line, h::flag<&G::log_unknown_vrids_>},
    {"vmac_prefix", Shape::line, h::string<&G::vmac_prefix_>},
    {"vmac_addr_prefix", Shape::line, h::string<&G::vmac_addr_prefix_>},
    {"vrrp_rx_bufs_policy", Shape::line, h::string<&G::vrrp_rx_bufs_policy_>},
    {"vrrp_rx_bufs_multiplier", Shape::line, h::integer<&G::vrrp_rx_bufs_multiplier_, 1, max_u32>},
    {"vrrp_netlink_cmd_rcv_bufs", Shape::line, h::integer<&G::vrrp_netlink_cmd_rcv_bufs_, 0, max_u32>},
    {"vrrp_netlink_cmd_rcv_bufs_force", Shape::line, h::boolean<&G::vrrp_netlink_cmd_rcv_bufs_force_>},
    {"vrrp_netlink_monitor_rcv_bufs", Shape::line, h::integer<&G::vrrp_netlink_monitor_rcv_bufs_, 0, max_u32>},
    {"vrrp_netlink_monitor_rcv_bufs_force", Shape::line, h::boolean<&G::vrrp_netlink_monitor_rcv_bufs_force_>},
};

// More accepted-and-kept keywords (other processes' tuning).
constexpr std::string_view other_globals[] = {"process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force"};

// Names accepted besides the table: the checker/BFD processes' settings and other_globals.
std::span<const std::string_view> accepted_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        const auto checker = checker_global_names();
        out.insert(out.end(), checker.begin(), checker.end());
        out.insert(out.end(), std::begin(other_globals), std::end(other_globals));
        return out;
    }();
    return names;
}

void accepted(BindContext& ctx, const Statement& s, G& g) {
    if (!bind_checker_global(ctx, s, g)) {
        g.other_.push_back(raw_statement(s));
    }
}

} // namespace

void bind_global_defs(BindContext& ctx, const Statement& s, config::GlobalDefs& g) {
    bind_block<G>(ctx, s.block, global_keywords, g, accepted_names(), accepted);
}

std::vector<std::string_view> global_keyword_names() {
    std::vector<std::string_view> out;
    for (const auto& k : global_keywords) {
        out.push_back(k.name_);
    }
    const auto more = accepted_names();
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

} // namespace vigil::parser
