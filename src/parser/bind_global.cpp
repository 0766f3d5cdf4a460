// global_defs { ... } (reference §3.2): the handlers of keepalived 2.2.7's global_parser.c,
// with its checks in its order and its wording. A parameter a handler reads without checking
// that it is there aborts (BindContext::word); the others report and ignore the line.
// Process tuning, LVS, BFD, SNMP and netlink buffer keywords are in bind_global_process.cpp,
// SMTP, notify FIFOs, startup/shutdown scripts and the script user in bind_global_alerts.cpp.
#include "parser/bind_blocks.hpp"
#include "parser/bind_global_handlers.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/bind_lvs.hpp"
#include "parser/keywords_table.hpp"
#include "parser/bind_scripts.hpp"

#include <fmt/format.h>

#include <climits>

namespace vigil::parser {

namespace {

using config::GlobalDefs;
using G = GlobalDefs;
namespace gh = global_handlers;

// TIMER_HZ: keepalived's timers are in microseconds.
constexpr unsigned long timer_hz = 1000000;
constexpr unsigned timer_hz_digits = 6;

void process_name(BindContext& ctx, const Statement& s, std::optional<std::string>& out) {
    const auto name = ctx.word(s, 1);
    if (!name) {
        return;
    }
    std::string value{*name};
    if (value.size() >= 16) {
        ctx.error(s.words[1].where, fmt::format("Process name {} more than 15 characters, truncating", value));
        value.resize(15);
    }
    out = std::move(value);
}

void process_name_handler(BindContext& ctx, const Statement& s, G& g) {
    process_name(ctx, s, g.process_name_);
}

void vrrp_process_name(BindContext& ctx, const Statement& s, G& g) {
    process_name(ctx, s, g.vrrp_process_name_);
}

// keepalived's process_names sets the three children's names where it stands: a
// *_process_name before it is overridden, one after it wins. The model keeps the flag and
// only the names given after it (process/process_name.hpp resolves the defaults).
void process_names(BindContext&, const Statement&, G& g) {
    g.process_names_ = true;
    g.vrrp_process_name_.reset();
    if (g.checker_) {
        g.checker_->checker_.process_name_.reset();
        g.checker_->bfd_.process_name_.reset();
    }
}

// A STRING with "MESSAGE" when it is missing.
template <std::optional<std::string> G::*Member>
void string_or(BindContext& ctx, const Statement& s, G& g, std::string_view missing) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, std::string{missing});
        return;
    }
    g.*Member = std::string{s.words[1].text};
}

void router_id(BindContext& ctx, const Statement& s, G& g) {
    string_or<&G::router_id_>(ctx, s, g, "routerid name missing - ignoring");
}

void email_from(BindContext& ctx, const Statement& s, G& g) {
    string_or<&G::notification_email_from_>(ctx, s, g, "emailfrom missing - ignoring");
}

void dynamic_interfaces(BindContext& ctx, const Statement& s, G& g) {
    g.dynamic_interfaces_ = true;
    if (BindContext::has(s, 1)) {
        if (s.words[1].text == "allow_if_changes") {
            g.allow_if_changes_ = true;
        } else {
            ctx.error(s.words[1].where, fmt::format("Unknown dynamic_interfaces option '{}'", s.words[1].text));
        }
    }
}

void max_auto_priority(BindContext& ctx, const Statement& s, G& g) {
    if (!BindContext::has(s, 1)) {
        g.max_auto_priority_ = 99;
        return;
    }
    if (const auto v = ctx.int_at(s, 1, -1, 99, Lenient::yes)) {
        g.max_auto_priority_ = static_cast<int>(*v);
        return;
    }
    ctx.error(s.words[1].where, fmt::format("max_auto_priority '{}' must be in [0, 99] (or -1 to disable) - ignoring",
                                            s.words[1].text));
}

void min_auto_priority_delay(BindContext& ctx, const Statement& s, G& g) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "min_auto_priority_delay requires delay time");
        return;
    }
    if (const auto v = ctx.int_at(s, 1, 1, 10000000, Lenient::yes)) {
        g.min_auto_priority_delay_ = static_cast<std::uint64_t>(*v);
        return;
    }
    ctx.error(s.words[1].where, fmt::format("min_auto_priority_delay '{}' must be in [1, 10000000] - ignoring",
                                            s.words[1].text));
}

void default_interface(BindContext& ctx, const Statement& s, G& g) {
    string_or<&G::default_interface_>(ctx, s, g, "default_interface requires interface name");
}

void mcast_group(BindContext& ctx, const Statement& s, net::IpAddress& out, net::Family family) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    const auto a = parse_sockaddr(*text);
    const auto kw = s.keyword();
    if (!a) {
        ctx.error(s.words[1].where, fmt::format("Can't parse {} [{}]. Skipping", kw, *text));
        return;
    }
    if (a->family() != family) {
        ctx.error(s.words[1].where, fmt::format("{} [{}] is not {}. Skipping", kw, *text,
                                                family == net::Family::ipv4 ? "IPv4" : "IPv6"));
        return;
    }
    if (!a->is_multicast()) {
        ctx.error(s.words[1].where, fmt::format("{} [{}] is not multicast. Skipping", kw, *text));
        return;
    }
    if (family == net::Family::ipv6 && !is_link_local_multicast(*a)) {
        ctx.warning(s.words[1].where, fmt::format("{} [{}] should be link-local multicast.", kw, *text));
    }
    out = *a;
}

void mcast4(BindContext& ctx, const Statement& s, G& g) {
    mcast_group(ctx, s, g.vrrp_mcast_group4_, net::Family::ipv4);
}

void mcast6(BindContext& ctx, const Statement& s, G& g) {
    mcast_group(ctx, s, g.vrrp_mcast_group6_, net::Family::ipv6);
}

// An unsigned in [0, max] (or [1, max]) with "... '%s' invalid - ignoring".
template <typename Set>
void unsigned_or(BindContext& ctx, const Statement& s, unsigned long min, unsigned long max, std::string_view invalid,
                 Set set) {
    if (const auto v = ctx.unsigned_at(s, 1, min, max, Lenient::yes)) {
        set(*v);
        return;
    }
    if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format(fmt::runtime(invalid), s.words[1].text));
    }
}

void garp_master_delay(BindContext& ctx, const Statement& s, G& g) {
    unsigned_or(ctx, s, 0, UINT_MAX / timer_hz, "vrrp_garp_master_delay '{}' invalid - ignoring",
                [&](unsigned long v) { g.vrrp_garp_master_delay_ = config::seconds{v}; });
}

// A repeat count where 0 means 1 ("must be greater than 0, setting to 1").
void repeat(BindContext& ctx, const Statement& s, unsigned& out, std::string_view name) {
    unsigned_or(ctx, s, 0, UINT_MAX, fmt::format("{} '{{}}' invalid - ignoring", name), [&](unsigned long v) {
        if (v == 0) {
            ctx.error(s.words[1].where, fmt::format("{} must be greater than 0, setting to 1", name));
            v = 1;
        }
        out = static_cast<unsigned>(v);
    });
}

void garp_master_repeat(BindContext& ctx, const Statement& s, G& g) {
    repeat(ctx, s, g.vrrp_garp_master_repeat_, "vrrp_garp_master_repeat");
}

void garp_master_refresh(BindContext& ctx, const Statement& s, G& g) {
    if (const auto v = ctx.unsigned_at(s, 1, 0, UINT_MAX, Lenient::yes)) {
        g.vrrp_garp_master_refresh_ = config::seconds{*v};
        return;
    }
    ctx.error(s.words[1].where, fmt::format("Invalid vrrp_garp_master_refresh '{}' - ignoring", s.words[1].text));
    g.vrrp_garp_master_refresh_ = config::seconds{0};
}

void garp_master_refresh_repeat(BindContext& ctx, const Statement& s, G& g) {
    repeat(ctx, s, g.vrrp_garp_master_refresh_repeat_, "vrrp_garp_master_refresh_repeat");
}

void garp_lower_prio_delay(BindContext& ctx, const Statement& s, G& g) {
    unsigned_or(ctx, s, 0, UINT_MAX / timer_hz, "vrrp_garp_lower_prio_delay '{}' invalid - ignoring",
                [&](unsigned long v) { g.vrrp_garp_lower_prio_delay_ = config::seconds{v}; });
}

void garp_lower_prio_repeat(BindContext& ctx, const Statement& s, G& g) {
    unsigned_or(ctx, s, 0, INT_MAX, "Invalid vrrp_garp_lower_prio_repeat '{}'",
                [&](unsigned long v) { g.vrrp_garp_lower_prio_repeat_ = static_cast<unsigned>(v); });
}

void down_timer_adverts(BindContext& ctx, const Statement& s, G& g) {
    unsigned_or(ctx, s, 1, 100, "Invalid vrrp_down_timer_adverts [1:100] '{}'",
                [&](unsigned long v) { g.vrrp_down_timer_adverts_ = static_cast<unsigned>(v); });
}

void garp_interval(BindContext& ctx, const Statement& s, config::microseconds& out) {
    if (const auto v = ctx.decimal_at(s, 1, 1, UINT_MAX, timer_hz_digits, Lenient::yes)) {
        out = config::microseconds{*v};
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("{} '{}' is invalid", s.keyword(), s.words[1].text));
    }
}

void vrrp_garp_interval(BindContext& ctx, const Statement& s, G& g) {
    garp_interval(ctx, s, g.vrrp_garp_interval_);
}

void vrrp_gna_interval(BindContext& ctx, const Statement& s, G& g) {
    garp_interval(ctx, s, g.vrrp_gna_interval_);
}

void vrrp_min_garp(BindContext& ctx, const Statement& s, G& g) {
    if (BindContext::has(s, 1)) {
        const int v = check_true_false(s.words[1].text);
        if (v < 0) {
            ctx.error(s.words[1].where, "Invalid value for vrrp_min_garp specified");
            return;
        }
        if (v == 0) {
            return;
        }
    }
    g.vrrp_min_garp_ = true;
}

void vrrp_garp_extra_if(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = bind_garp_extra_if(ctx, s, {})) {
        g.vrrp_garp_extra_if_ = *v;
    }
}

template <std::optional<bool> G::*Member>
void bool_flag(BindContext& ctx, const Statement& s, G& g) {
    if (!BindContext::has(s, 1)) {
        g.*Member = true;
        return;
    }
    const int v = check_true_false(s.words[1].text);
    if (v < 0) {
        ctx.error(s.words[1].where, fmt::format("Invalid value for {} specified", s.keyword()));
        return;
    }
    g.*Member = v == 1;
}

void vrrp_iptables(BindContext& ctx, const Statement& s, G& g) {
    ctx.error(s.words[0].where, "iptables not supported, using nftables instead. Please replace 'vrrp_iptables and "
                                "'vrrp_ipsets' with 'nftables' config option");
    handlers::words<&G::vrrp_iptables_>(ctx, s, g);
}

void nftables(BindContext& ctx, const Statement& s, G& g) {
    if (g.nftables_) {
        ctx.error(s.where, "nftables already specified - ignoring");
        return;
    }
    if (BindContext::has(s, 1) && s.words[1].text.size() >= 256) {
        ctx.error(s.words[1].where, "nftables table name too long - ignoring");
        return;
    }
    g.nftables_ = BindContext::has(s, 1) ? std::string{s.words[1].text} : std::string{"keepalived"};
}

void nftables_priority(BindContext& ctx, const Statement& s, G& g) {
    if (const auto v = ctx.int_at(s, 1, INT_MIN, INT_MAX)) {
        g.nftables_priority_ = static_cast<int>(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("invalid nftables chain priority '{}'", s.words[1].text));
    }
}

void vrrp_version(BindContext& ctx, const Statement& s, G& g) {
    if (const auto v = ctx.int_at(s, 1, 2, 3, Lenient::yes)) {
        g.vrrp_version_ = static_cast<unsigned>(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, "VRRP Error: Version must be either 2 or 3");
    }
}

void vrrp_notify_priority_changes(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = gh::true_false_or(ctx, s, "Invalid value '{}' for global vrrp_notify_priority_changes specified")) {
        g.vrrp_notify_priority_changes_ = *v;
    }
}

void snmp_socket(BindContext& ctx, const Statement& s, G& g) {
    if (BindContext::has(s, 2)) {
        ctx.error(s.where, "Too many parameters specified for snmp_socket - ignoring");
        return;
    }
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "SNMP error : snmp socket name missing");
        return;
    }
    if (s.words[1].text.size() > 4095) {
        ctx.error(s.words[1].where, "SNMP error : snmp socket name too long - ignored");
        return;
    }
    if (g.snmp_socket_) {
        ctx.error(s.where, fmt::format("SNMP socket already set to {} - ignoring", *g.snmp_socket_));
        return;
    }
    g.snmp_socket_ = std::string{s.words[1].text};
}

void dbus_service_name(BindContext& ctx, const Statement& s, G& g) {
    string_or<&G::dbus_service_name_>(ctx, s, g, "dbus_service_name missing - ignoring");
}

template <bool G::*Member>
void rcv_bufs_force(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = gh::true_false_or(ctx, s, fmt::format("Invalid value '{{}}' for global {} specified", s.keyword()))) {
        g.*Member = *v;
    }
}

void umask(BindContext& ctx, const Statement& s, G& g) {
    if (gh::umask_valid(ctx, s)) {
        std::string text;
        for (std::size_t i = 1; i < s.words.size(); ++i) {
            text += s.words[i].text;
        }
        g.umask_ = std::move(text);
    }
}

void vrrp_startup_delay(BindContext& ctx, const Statement& s, G& g) {
    if (const auto v = ctx.decimal_at(s, 1, timer_hz / 1000, UINT_MAX, timer_hz_digits, Lenient::yes)) {
        g.vrrp_startup_delay_ = config::microseconds{*v};
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("vrrp_startup_delay '{}' is invalid", s.words[1].text));
    }
}

void vmac_prefix(BindContext& ctx, const Statement& s, G& g) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    if (!ctx.first_time("vmac_prefix")) {
        ctx.error(s.words[1].where, fmt::format("vmac prefix has already been specified - ignoring {}", *w));
        return;
    }
    g.vmac_prefix_ = std::string{*w};
}

void vmac_addr_prefix(BindContext& ctx, const Statement& s, G& g) {
    const auto w = ctx.word(s, 1);
    if (!w) {
        return;
    }
    if (g.vmac_addr_prefix_) {
        ctx.error(s.words[1].where, fmt::format("vmac_addr prefix has already been specified - ignoring {}", *w));
        return;
    }
    g.vmac_addr_prefix_ = std::string{*w};
}

void random_seed(BindContext& ctx, const Statement& s, G& g) {
    if (const auto v = ctx.unsigned_at(s, 1, 0, UINT_MAX)) {
        g.random_seed_ = static_cast<unsigned>(*v);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("random_seed {} invalid", s.words[1].text));
    }
}

void include_check(BindContext& ctx, const Statement& s, G& g) {
    gh::include_check(ctx, s);
    std::string text;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        text += (i > 1 ? " " : "");
        text += s.words[i].text;
    }
    g.include_check_ = std::move(text);
}

void config_save_dir(BindContext& ctx, const Statement& s, G& g) {
    if (const auto w = ctx.word(s, 1)) {
        g.config_save_dir_ = std::string{*w};
    }
}

void reload_check_config(BindContext&, const Statement& s, G& g) {
    g.reload_check_config_ = true;
    if (BindContext::has(s, 1)) {
        g.reload_check_config_file_ = std::string{s.words[1].text};
    }
}

void reload_time_file(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() != 2) {
        ctx.error(s.where, "reload_time_file invalid");
        return;
    }
    g.reload_time_file_ = std::string{s.words[1].text};
}

void reload_file(BindContext&, const Statement& s, G& g) {
    g.reload_file_ = true;
    g.reload_file_path_.reset();
    if (BindContext::has(s, 1)) {
        g.reload_file_path_ = std::string{s.words[1].text};
    }
}

void tmp_config_directory(BindContext& ctx, const Statement& s, G& g) {
    if (g.tmp_config_directory_) {
        ctx.error(s.where, fmt::format("{} already specified - ignoring", s.keyword()));
        return;
    }
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("{} missing directory name", s.keyword()));
        return;
    }
    g.tmp_config_directory_ = std::string{s.words[1].text};
}

void data_use_instance(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = gh::true_false_or(ctx, s, "Invalid value '{}' for global date_use_instance specified")) {
        g.data_use_instance_ = *v;
    }
}

namespace h = handlers;

constexpr Keyword<G> global_keywords[] = {
    {"process_names", Shape::line, process_names},
    {"process_name", Shape::line, process_name_handler},
    {"vrrp_process_name", Shape::line, vrrp_process_name},
    {"router_id", Shape::line, router_id},
    {"notification_email_from", Shape::line, email_from},
    {"smtp_server", Shape::line, gh::smtp_server},
    {"smtp_helo_name", Shape::line, gh::smtp_helo_name},
    {"smtp_connect_timeout", Shape::line, gh::smtp_connect_timeout},
    {"notification_email", Shape::block, gh::notification_email},
    {"smtp_alert", Shape::line, gh::smtp_alert},
    {"startup_script", Shape::line, gh::startup_script},
    {"startup_script_timeout", Shape::line, gh::startup_script_timeout},
    {"shutdown_script", Shape::line, gh::shutdown_script},
    {"shutdown_script_timeout", Shape::line, gh::shutdown_script_timeout},
    {"max_auto_priority", Shape::line, max_auto_priority},
    {"min_auto_priority_delay", Shape::line, min_auto_priority_delay},
    {"smtp_alert_vrrp", Shape::line, gh::smtp_alert_vrrp},
    {"dynamic_interfaces", Shape::line, dynamic_interfaces},
    {"no_email_faults", Shape::line, h::flag<&G::no_email_faults_>},
    {"default_interface", Shape::line, default_interface},
    {"disable_local_igmp", Shape::line, h::flag<&G::disable_local_igmp_>},
    {"vrrp_mcast_group4", Shape::line, mcast4},
    {"vrrp_mcast_group6", Shape::line, mcast6},
    {"vrrp_garp_master_delay", Shape::line, garp_master_delay},
    {"vrrp_garp_master_repeat", Shape::line, garp_master_repeat},
    {"vrrp_garp_master_refresh", Shape::line, garp_master_refresh},
    {"vrrp_garp_master_refresh_repeat", Shape::line, garp_master_refresh_repeat},
    {"vrrp_garp_lower_prio_delay", Shape::line, garp_lower_prio_delay},
    {"vrrp_garp_lower_prio_repeat", Shape::line, garp_lower_prio_repeat},
    {"vrrp_down_timer_adverts", Shape::line, down_timer_adverts},
    {"vrrp_garp_interval", Shape::line, vrrp_garp_interval},
    {"vrrp_gna_interval", Shape::line, vrrp_gna_interval},
    {"vrrp_min_garp", Shape::line, vrrp_min_garp},
    {"vrrp_garp_extra_if", Shape::line, vrrp_garp_extra_if},
    {"vrrp_vmac_garp_intvl", Shape::line, vrrp_garp_extra_if},
    {"vrrp_lower_prio_no_advert", Shape::line, bool_flag<&G::vrrp_lower_prio_no_advert_>},
    {"vrrp_higher_prio_send_advert", Shape::line, bool_flag<&G::vrrp_higher_prio_send_advert_>},
    {"vrrp_version", Shape::line, vrrp_version},
    {"vrrp_iptables", Shape::line, vrrp_iptables},
    {"nftables", Shape::line, nftables},
    {"nftables_priority", Shape::line, nftables_priority},
    {"nftables_ifindex", Shape::line, h::flag<&G::nftables_ifindex_>},
    {"nftables_counters", Shape::line, h::flag<&G::nftables_counters_>},
    {"vrrp_check_unicast_src", Shape::line, h::flag<&G::vrrp_check_unicast_src_>},
    {"vrrp_skip_check_adv_addr", Shape::line, h::flag<&G::vrrp_skip_check_adv_addr_>},
    {"vrrp_strict", Shape::line, h::flag<&G::vrrp_strict_>},
    {"vrrp_priority", Shape::line, gh::vrrp_priority},
    {"vrrp_no_swap", Shape::line, h::flag<&G::vrrp_no_swap_>},
    {"vrrp_rt_priority", Shape::line, gh::vrrp_rt_priority},
    {"vrrp_cpu_affinity", Shape::line, gh::vrrp_cpu_affinity},
    {"vrrp_rlimit_rttime", Shape::line, gh::vrrp_rlimit_rttime},
    {"vrrp_rlimit_rtime", Shape::line, gh::vrrp_rlimit_rttime},
    {"notify_fifo", Shape::line, gh::notify_fifo},
    {"notify_fifo_script", Shape::line, gh::notify_fifo_script},
    {"vrrp_notify_fifo", Shape::line, gh::vrrp_notify_fifo},
    {"vrrp_notify_fifo_script", Shape::line, gh::vrrp_notify_fifo_script},
    {"vrrp_notify_priority_changes", Shape::line, vrrp_notify_priority_changes},
    {"fifo_write_vrrp_states_on_reload", Shape::line, h::flag<&G::fifo_write_vrrp_states_on_reload_>},
    {"snmp_socket", Shape::line, snmp_socket},
    {"enable_traps", Shape::line, h::flag<&G::enable_traps_>},
    {"enable_snmp_vrrp", Shape::line, h::flag<&G::enable_snmp_vrrp_>},
    {"enable_snmp_keepalived", Shape::line, h::flag<&G::enable_snmp_vrrp_>},
    {"enable_snmp_rfc", Shape::line, h::flag<&G::enable_snmp_rfc_>},
    {"enable_snmp_rfcv2", Shape::line, h::flag<&G::enable_snmp_rfcv2_>},
    {"enable_snmp_rfcv3", Shape::line, h::flag<&G::enable_snmp_rfcv3_>},
    {"enable_dbus", Shape::line, h::flag<&G::enable_dbus_>},
    {"dbus_service_name", Shape::line, dbus_service_name},
    {"script_user", Shape::line, gh::script_user},
    {"enable_script_security", Shape::line, gh::enable_script_security},
    {"vrrp_netlink_cmd_rcv_bufs", Shape::line, gh::vrrp_netlink_cmd_rcv_bufs},
    {"vrrp_netlink_cmd_rcv_bufs_force", Shape::line, rcv_bufs_force<&G::vrrp_netlink_cmd_rcv_bufs_force_>},
    {"vrrp_netlink_monitor_rcv_bufs", Shape::line, gh::vrrp_netlink_monitor_rcv_bufs},
    {"vrrp_netlink_monitor_rcv_bufs_force", Shape::line, rcv_bufs_force<&G::vrrp_netlink_monitor_rcv_bufs_force_>},
    {"vrrp_rx_bufs_policy", Shape::line, gh::vrrp_rx_bufs_policy},
    {"vrrp_rx_bufs_multiplier", Shape::line, gh::vrrp_rx_bufs_multiplier},
    {"vrrp_startup_delay", Shape::line, vrrp_startup_delay},
    {"log_unknown_vrids", Shape::line, h::flag<&G::log_unknown_vrids_>},
    {"vmac_prefix", Shape::line, vmac_prefix},
    {"vmac_addr_prefix", Shape::line, vmac_addr_prefix},
    {"umask", Shape::line, umask},
    {"random_seed", Shape::line, random_seed},
    {"reload_check_config", Shape::line, reload_check_config},
    {"reload_time_file", Shape::line, reload_time_file},
    {"reload_repeat", Shape::line, h::flag<&G::reload_repeat_>},
    {"reload_file", Shape::line, reload_file},
    {"include_check", Shape::line, include_check},
    {"config_save_dir", Shape::line, config_save_dir},
    {"tmp_config_directory", Shape::line, tmp_config_directory},
    {"data_use_instance", Shape::line, data_use_instance},
};

} // namespace

void bind_global_defs(BindContext& ctx, const Statement& s, config::GlobalDefs& g) {
    bind_block<G>(ctx, s.block, global_keywords, g, global_handlers::other_keyword_names(),
                  global_handlers::other_keyword);
}

std::vector<std::string_view> global_keyword_names() {
    std::vector<std::string_view> out;
    for (const auto& k : global_keywords) {
        out.push_back(k.name_);
    }
    const auto others = global_handlers::other_keyword_names();
    out.insert(out.end(), others.begin(), others.end());
    return out;
}

} // namespace vigil::parser
