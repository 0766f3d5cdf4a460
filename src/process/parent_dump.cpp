#include "process/parent_dump.hpp"

#include "script/script_spawner.hpp"

#include <fmt/format.h>

#include <netdb.h>
#include <pwd.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <ctime>
#include <fstream>
#include <set>

namespace vigil::process {

namespace {

// keepalived's PARAMETER_UNSET as its %u prints it.
constexpr unsigned long long unset = UINT_MAX;

const char* true_false(bool v) { return v ? "true" : "false"; }
const char* enabled_disabled(bool v) { return v ? "enabled" : "disabled"; }

std::string tristate(const std::optional<bool>& v) {
    return !v ? "unset" : *v ? "on" : "off";
}

// A raw global (kept verbatim by the binder): its first argument, or nullopt.
std::optional<std::string> raw_value(const config::GlobalDefs& g, std::string_view keyword) {
    std::optional<std::string> value;
    for (const config::RawStatement& s : g.other_) {
        if (!s.words_.empty() && s.words_[0] == keyword) {
            value = s.words_.size() > 1 ? s.words_[1] : "";
        }
    }
    return value;
}

unsigned long long raw_unsigned(const config::GlobalDefs& g, std::string_view keyword) {
    const auto v = raw_value(g, keyword);
    unsigned long long n = 0;
    if (v) {
        std::from_chars(v->data(), v->data() + v->size(), n);
    }
    return n;
}

// `*_rcv_bufs_force [true|false]`: a bare keyword is true.
int raw_force(const config::GlobalDefs& g, std::string_view keyword) {
    const auto v = raw_value(g, keyword);
    if (!v) {
        return 0;
    }
    return v->empty() || *v == "true" || *v == "yes" || *v == "on" ? 1 : 0;
}

// get_process_cpu_affinity_string(): the CPUs in the set below the online count, each
// followed by a space.
std::string cpu_text(const std::set<int>& cpus, unsigned online) {
    std::string out;
    for (int cpu : cpus) {
        if (cpu >= 0 && static_cast<unsigned>(cpu) < online) {
            out += fmt::format("{} ", cpu);
        }
    }
    return out;
}

std::set<int> cpu_set(const std::vector<std::string>& words) {
    std::set<int> cpus;
    for (const std::string& w : words) {
        int a = 0;
        int b = 0;
        const char* end = w.data() + w.size();
        auto [p, ec] = std::from_chars(w.data(), end, a);
        if (ec != std::errc{}) {
            continue;
        }
        b = a;
        if (p != end && *p == '-') {
            std::from_chars(p + 1, end, b);
        }
        for (int c = a; c <= b; ++c) {
            cpus.insert(c);
        }
    }
    return cpus;
}

unsigned online_cpus() {
    const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? static_cast<unsigned>(n) : 1;
}

using Owner = std::optional<std::pair<unsigned, unsigned>>;

Owner owner_of(const std::optional<std::string>& user, const std::optional<std::string>& group, const GlobalFacts& f) {
    if (!user) {
        return f.default_script_user;
    }
    if (!f.lookup_user) {
        return std::pair{0U, 0U};
    }
    return f.lookup_user(*user, group);
}

std::string owner_text(const Owner& o) {
    const auto id = o.value_or(std::pair{0U, 0U});
    return fmt::format("{}:{}", id.first, id.second);
}

struct Lines {
    std::string out;
    template <typename... Args> void operator()(fmt::format_string<Args...> f, Args&&... args) {
        out += fmt::format(f, std::forward<Args>(args)...);
        out += '\n';
    }
};

void fifo_lines(Lines& line, std::string_view what, const std::optional<config::Fifo>& fifo,
                const config::OptionalCommand& script, const GlobalFacts& f) {
    if (!fifo) {
        return;
    }
    line(" {} fifo = {}, uid:gid {}", what, fifo->path_, owner_text(owner_of(fifo->user_, fifo->group_, f)));
    if (script) {
        line(" {} fifo script = {}, uid:gid {}", what, command_text(*script),
             owner_text(owner_of(script->user_, script->group_, f)));
    }
}

void tuning_lines(Lines& line, std::string_view who, int priority, bool no_swap, unsigned rt_priority,
                  const std::set<int>& cpus, std::uint64_t rlimit) {
    line(" {} process priority = {}", who, priority);
    line(" {} don't swap = {}", who, true_false(no_swap));
    line(" {} realtime priority = {}", who, rt_priority);
    if (!cpus.empty()) {
        line(" {} CPU Affinity = {}", who, cpu_text(cpus, online_cpus()));
    }
    line(" {} realtime limit = {}", who, rlimit);
}

std::string reload_file_text(const config::GlobalDefs& g, const config::RootSettings& root) {
    if (g.reload_file_path_) {
        return *g.reload_file_path_;
    }
    if (root.instance_) {
        return fmt::format("/run/keepalived/keepalived_{}.reload", *root.instance_);
    }
    return root.use_pid_dir_ ? "/run/keepalived/keepalived.reload" : "/run/keepalived.reload";
}

} // namespace

std::string command_text(const config::Command& c) {
    std::string text;
    for (std::size_t i = 0; i < c.argv_.size(); ++i) {
        const std::string& word = c.argv_[i];
        const bool quote = i != 0 || (!word.starts_with('<') && !word.starts_with('>'));
        text += i != 0 ? " " : "";
        text += quote ? fmt::format("'{}'", word) : word;
    }
    return text;
}

std::string format_global_definitions(const config::GlobalDefs& g, const config::RootSettings& root,
                                      const GlobalFacts& f) {
    static const config::CheckerGlobals no_checker{};
    const config::CheckerGlobals& c = g.checker_ ? *g.checker_ : no_checker;
    const bool vrrp_child = f.process == DumpingProcess::vrrp;
    Lines line;
    line("------< Global definitions >------");
    if (g.config_save_dir_) {
        line(" Config save dir = {}", *g.config_save_dir_);
    }
    line(" Network namespace = {}", root.net_namespace_.value_or("(default)"));
    line(" Network namespace ipvs = {}", !root.net_namespace_ipvs_           ? std::string("(main namespace)")
                                         : root.net_namespace_ipvs_->empty() ? std::string("(default)")
                                                                             : *root.net_namespace_ipvs_);
    if (root.instance_) {
        line(" Instance name = {}", *root.instance_);
    }
    if (g.process_name_) {
        line(" Parent process name = {}", *g.process_name_);
    }
    if (g.vrrp_process_name_) {
        line(" VRRP process name = {}", *g.vrrp_process_name_);
    }
    if (c.checker_.process_name_) {
        line(" LVS process name = {}", *c.checker_.process_name_);
    }
    if (c.bfd_.process_name_) {
        line(" BFD process name = {}", *c.bfd_.process_name_);
    }
    if (g.router_id_ || f.local_name) {
        line(" Router ID = {}", g.router_id_ ? *g.router_id_ : *f.local_name);
    }
    const bool smtp = g.smtp_server_.has_value();
    if (smtp) {
        line(" Smtp server = {}", f.smtp_server_address.value_or(g.smtp_server_->host_));
        line(" Smtp server port = {}", g.smtp_server_->port_);
    }
    if (g.smtp_helo_name_) {
        line(" Smtp HELO name = {}", *g.smtp_helo_name_);
    } else if (smtp && f.local_name) {
        line(" Smtp HELO name = {}", *f.local_name);
    }
    if (smtp || g.smtp_connect_timeout_ != config::seconds{30}) {
        line(" Smtp server connection timeout = {}", g.smtp_connect_timeout_.count());
    }
    std::optional<std::string> from = g.notification_email_from_;
    if (!from && smtp && f.local_name) {
        from = fmt::format("{}@{}", f.user_name, *f.local_name);
    }
    if (from) {
        line(" Email notification from = {}", *from);
        line(" Email notification to:");
        for (const std::string& to : g.notification_email_) {
            line("   {}", to);
        }
    }
    line(" Default smtp_alert = {}", tristate(g.smtp_alert_));
    line(" Default smtp_alert_vrrp = {}", tristate(g.smtp_alert_vrrp_));
    line(" Default smtp_alert_checker = {}", tristate(c.smtp_alert_checker_));
    line(" Checkers log all failures = {}", true_false(c.checker_log_all_failures_));
    if (g.reload_check_config_) {
        line(" Test config before reload, log to {}", g.reload_check_config_file_.value_or("/dev/null"));
    } else {
        line(" No test config before reload");
    }
    if (g.reload_time_file_) {
        line(" Reload time file = {}{}", *g.reload_time_file_, g.reload_repeat_ ? " (repeat)" : "");
        if (f.reload_scheduled) {
            std::tm tm{};
            char when[32] = "";
            ::localtime_r(&*f.reload_scheduled, &tm);
            std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
            // keepalived's own unbalanced parenthesis.
            line(" Reload scheduled for {}{}", when, f.reload_date_specified ? " (date specified" : "");
        } else {
            line(" No reload scheduled");
        }
    }
    if (g.reload_file_) {
        line(" Reload_file = {}", reload_file_text(g, root));
    }
    if (g.tmp_config_directory_) {
        line(" config save directory = {}", *g.tmp_config_directory_);
    }
    if (g.data_use_instance_.value_or(false)) {
        line(" Use instance name in data dumps");
    }
    if (g.startup_script_) {
        line(" Startup script = {}, uid:gid {}, timeout {}", command_text(*g.startup_script_),
             owner_text(owner_of(g.startup_script_->user_, g.startup_script_->group_, f)),
             g.startup_script_timeout_.count());
    }
    if (g.shutdown_script_) {
        line(" Shutdown script = {}, uid:gid {} timeout {}", command_text(*g.shutdown_script_),
             owner_text(owner_of(g.shutdown_script_->user_, g.shutdown_script_->group_, f)),
             g.shutdown_script_timeout_.count());
    }
    line(" Dynamic interfaces = {}", true_false(g.dynamic_interfaces_));
    if (g.dynamic_interfaces_) {
        line(" Allow interface changes = {}", true_false(g.allow_if_changes_));
    }
    if (g.no_email_faults_) {
        line(" Send emails for fault transitions = off");
    }
    if (c.lvs_timeouts_) {
        if (c.lvs_timeouts_->tcp_.value_or(0) != 0) {
            line(" LVS TCP timeout = {}", *c.lvs_timeouts_->tcp_);
        }
        if (c.lvs_timeouts_->tcpfin_.value_or(0) != 0) {
            line(" LVS TCP FIN timeout = {}", *c.lvs_timeouts_->tcpfin_);
        }
        if (c.lvs_timeouts_->udp_.value_or(0) != 0) {
            line(" LVS TCP timeout = {}", *c.lvs_timeouts_->udp_); // sic
        }
    }
    if (vrrp_child) {
        line(" Default interface = {}", f.default_interface);
    }
    line(" Disable local IGMP = {}", g.disable_local_igmp_ ? "yes" : "no");
    if (c.lvs_sync_daemon_) {
        const config::LvsSyncDaemon& d = *c.lvs_sync_daemon_;
        unsigned long long syncid = d.sync_id_ ? *d.sync_id_ : unset;
        if (vrrp_child && d.instance_ && f.lvs_syncd_vrid) {
            line(" LVS syncd vrrp instance = {}", *d.instance_);
            syncid = d.sync_id_.value_or(*f.lvs_syncd_vrid);
        } else if (d.instance_) {
            line(" LVS syncd vrrp name = {}", *d.instance_);
        }
        // The VRRP and checker children set an unset syncid of a daemon without an
        // instance to 0 (the checker then runs both sync daemons).
        if ((vrrp_child || f.process == DumpingProcess::checker) && !d.instance_ && !d.sync_id_) {
            syncid = 0;
        }
        line(" LVS syncd interface = {}", d.interface_);
        line(" LVS syncd syncid = {}", syncid);
        if (d.maxlen_.value_or(0) != 0) {
            line(" LVS syncd maxlen = {}", *d.maxlen_);
        }
        if (d.group_) {
            line(" LVS mcast group {}", d.group_->to_string());
        }
        if (d.port_.value_or(0) != 0) {
            line(" LVS syncd mcast port = {}", *d.port_);
        }
        if (d.ttl_.value_or(0) != 0) {
            line(" LVS syncd mcast ttl = {}", *d.ttl_);
        }
    }
    line(" LVS flush = {}", true_false(c.lvs_flush_));
    line(" LVS flush on stop = {}", c.lvs_flush_on_stop_ == config::LvsFlushOnStop::full              ? "full"
                                    : c.lvs_flush_on_stop_ == config::LvsFlushOnStop::virtual_servers ? "VS"
                                                                                                      : "disabled");
    fifo_lines(line, "Global notify", g.notify_fifo_, g.notify_fifo_script_, f);
    fifo_lines(line, "VRRP notify", g.vrrp_notify_fifo_, g.vrrp_notify_fifo_script_, f);
    fifo_lines(line, "LVS notify", c.lvs_notify_fifo_, c.lvs_notify_fifo_script_, f);
    line(" FIFO write vrrp states on reload = {}", true_false(g.fifo_write_vrrp_states_on_reload_));
    line(" VRRP notify priority changes = {}", true_false(g.vrrp_notify_priority_changes_));
    line(" VRRP IPv4 mcast group = {}", g.vrrp_mcast_group4_.to_string());
    line(" VRRP IPv6 mcast group = {}", g.vrrp_mcast_group6_.to_string());
    line(" Gratuitous ARP delay = {}", g.vrrp_garp_master_delay_.count());
    line(" Gratuitous ARP repeat = {}", g.vrrp_garp_master_repeat_);
    line(" Gratuitous ARP refresh timer = {}", g.vrrp_garp_master_refresh_.count());
    line(" Gratuitous ARP refresh repeat = {}", g.vrrp_garp_master_refresh_repeat_);
    if (vrrp_child) {
        line(" Gratuitous ARP lower priority delay = {}",
             g.vrrp_garp_lower_prio_delay_.value_or(g.vrrp_garp_master_delay_).count());
        line(" Gratuitous ARP lower priority repeat = {}",
             g.vrrp_garp_lower_prio_repeat_.value_or(g.vrrp_garp_master_repeat_));
    } else {
        line(" Gratuitous ARP lower priority delay = {}",
             g.vrrp_garp_lower_prio_delay_ ? static_cast<unsigned long long>(g.vrrp_garp_lower_prio_delay_->count()) : unset);
        line(" Gratuitous ARP lower priority repeat = {}",
             g.vrrp_garp_lower_prio_repeat_ ? static_cast<unsigned long long>(*g.vrrp_garp_lower_prio_repeat_) : unset);
    }
    line(" Num adverts before down = {}", g.vrrp_down_timer_adverts_);
    const config::GarpExtraIf extra = g.vrrp_garp_extra_if_.value_or(config::GarpExtraIf{});
    line(" Gratuitous ARP for each secondary {} = {}s", extra.all_ ? "i/f" : "VMAC", extra.interval_.count());
    line(" Send advert after receive lower priority advert = {}", true_false(!g.vrrp_lower_prio_no_advert_.value_or(false)));
    line(" Send advert after receive higher priority advert = {}", true_false(g.vrrp_higher_prio_send_advert_.value_or(false)));
    line(" Gratuitous ARP interval = {:.6f}", static_cast<double>(g.vrrp_garp_interval_.count()) / 1e6);
    line(" Gratuitous NA interval = {:.6f}", static_cast<double>(g.vrrp_gna_interval_.count()) / 1e6);
    line(" VRRP default protocol version = {}", g.vrrp_version_);
    const std::optional<std::string> vrrp_table =
        g.nftables_ ? g.nftables_ : g.vrrp_iptables_ ? std::optional<std::string>("keepalived") : f.nftables_table;
    if (vrrp_table) {
        line(" nftables table name = {}", *vrrp_table);
        line(" nftables base chain priority = {}", g.nftables_priority_);
        line(" nftables {}force use ifindex for link local IPv6", g.nftables_ifindex_ ? "" : "don't ");
    }
    if (c.nftables_ipvs_) {
        line(" ipvs nftables table name = {}", *c.nftables_ipvs_);
        line(" ipvs nftables base chain priority = {}", c.nftables_ipvs_priority_);
        line(" ipvs nftables start fwmark = {}", c.nftables_ipvs_start_fwmark_);
    }
    line(" nftables with{} counters", g.nftables_counters_ ? "" : "out");
    // The libnftnl keepalived 2.2.7 was built against on Debian 12 (LIBNFTNL_VERSION).
    line(" libnftnl version 1.2.3");
    line(" VRRP check unicast_src = {}", true_false(g.vrrp_check_unicast_src_));
    line(" VRRP skip check advert addresses = {}", true_false(g.vrrp_skip_check_adv_addr_));
    line(" VRRP strict mode = {}", true_false(g.vrrp_strict_));
    const int max_auto = g.max_auto_priority_.value_or(0);
    if (max_auto == -1) {
        line(" Max auto priority = Disabled");
    } else {
        line(" Max auto priority = {}", max_auto);
    }
    line(" Min auto priority delay = {} usecs", g.min_auto_priority_delay_);
    tuning_lines(line, "VRRP", g.vrrp_priority_, g.vrrp_no_swap_, g.vrrp_rt_priority_.value_or(0),
                 cpu_set(g.vrrp_cpu_affinity_), g.vrrp_rlimit_rttime_);
    for (const auto& [who, t] : {std::pair<const char*, const config::ProcessTuning*>{"Checker", &c.checker_}, {"BFD", &c.bfd_}}) {
        tuning_lines(line, who, t->priority_, t->no_swap_, t->rt_priority_.value_or(0),
                     std::set<int>(t->cpu_affinity_.begin(), t->cpu_affinity_.end()), t->rlimit_rttime_);
    }
    const bool rfc = g.enable_snmp_rfc_ || f.snmp_all;
    line(" SNMP vrrp {}", enabled_disabled(g.enable_snmp_vrrp_ || f.snmp_all));
    line(" SNMP checker {}", enabled_disabled(c.enable_snmp_checker_ || f.snmp_all));
    line(" SNMP RFCv2 {}", enabled_disabled(g.enable_snmp_rfcv2_ || rfc));
    line(" SNMP RFCv3 {}", enabled_disabled(g.enable_snmp_rfcv3_ || rfc));
    line(" SNMP traps {}", enabled_disabled(g.enable_traps_));
    const std::optional<std::string> agentx = f.snmp_socket ? f.snmp_socket : g.snmp_socket_;
    line(" SNMP socket = {}", agentx.value_or("default (unix:/var/agentx/master)"));
    line(" DBus {}", enabled_disabled(g.enable_dbus_));
    line(" DBus service name = {}", g.dbus_service_name_.value_or(""));
    line(" Script security {}", enabled_disabled(g.enable_script_security_));
    if (f.default_script_user) {
        line(" Default script uid:gid {}:{}", f.default_script_user->first, f.default_script_user->second);
    }
    line(" vrrp_netlink_cmd_rcv_bufs = {}", g.vrrp_netlink_cmd_rcv_bufs_);
    line(" vrrp_netlink_cmd_rcv_bufs_force = {}", int(g.vrrp_netlink_cmd_rcv_bufs_force_));
    line(" vrrp_netlink_monitor_rcv_bufs = {}", g.vrrp_netlink_monitor_rcv_bufs_);
    line(" vrrp_netlink_monitor_rcv_bufs_force = {}", int(g.vrrp_netlink_monitor_rcv_bufs_force_));
    line(" process_monitor_rcv_bufs = {}", raw_unsigned(g, "process_monitor_rcv_bufs"));
    line(" process_monitor_rcv_bufs_force = {}", raw_force(g, "process_monitor_rcv_bufs_force"));
    line(" lvs_netlink_cmd_rcv_bufs = {}", c.lvs_netlink_cmd_rcv_bufs_);
    line(" lvs_netlink_cmd_rcv_bufs_force = {}", int(c.lvs_netlink_cmd_rcv_bufs_force_));
    line(" lvs_netlink_monitor_rcv_bufs = {}", c.lvs_netlink_monitor_rcv_bufs_);
    line(" lvs_netlink_monitor_rcv_bufs_force = {}", int(c.lvs_netlink_monitor_rcv_bufs_force_));
    line(" rs_init_notifies = {}", int(c.rs_init_notifies_));
    line(" no_checker_emails = {}", int(c.no_checker_emails_));
    if (g.vrrp_rx_bufs_policy_) {
        const std::string& p = *g.vrrp_rx_bufs_policy_;
        if (p == "MTU" || p == "mtu") {
            line(" rx_bufs_policy = MTU");
        } else if (p == "ADVERT" || p == "advert") {
            line(" rx_bufs_policy = ADVERT");
        } else {
            line(" rx_bufs_size = {}", p);
        }
    }
    line(" rx_bufs_multiples = {}", g.vrrp_rx_bufs_multiplier_);
    line(" umask = 0{:o}", f.umask);
    if (g.vrrp_startup_delay_.count() != 0) {
        line(" vrrp_startup_delay = {:g}", static_cast<double>(g.vrrp_startup_delay_.count()) / 1e6);
    }
    if (g.log_unknown_vrids_) {
        line(" log_unknown_vrids");
    }
    if (g.vmac_prefix_ != "vrrp") {
        line(" VMAC prefix = {}", g.vmac_prefix_);
    }
    if (g.vmac_addr_prefix_) {
        line(" VMAC address prefix = {}", *g.vmac_addr_prefix_);
    }
    if (f.current_rt_priority != 0) {
        line(" current realtime priority = {}", f.current_rt_priority);
    }
    if (f.current_rlimit_rttime != 0) {
        line(" current realtime time limit = {}", f.current_rlimit_rttime);
    }
    return std::move(line.out);
}

GlobalFacts current_global_facts(const config::GlobalDefs& g, DumpingProcess process, const DaemonSettings& settings) {
    GlobalFacts f;
    f.process = process;
    f.snmp_all = settings.snmp;
    f.snmp_socket = settings.snmp_agent_socket;
    utsname u{};
    if (::uname(&u) == 0) {
        addrinfo hints{};
        hints.ai_flags = AI_CANONNAME;
        addrinfo* result = nullptr;
        if (::getaddrinfo(u.nodename, nullptr, &hints, &result) == 0 && result != nullptr) {
            if (result->ai_canonname != nullptr) {
                f.local_name = result->ai_canonname;
            }
            ::freeaddrinfo(result);
        }
    }
    if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr) {
        f.user_name = pw->pw_name;
    }
    const mode_t mask = ::umask(0177);
    ::umask(mask);
    f.umask = mask;
    const auto user = script::default_script_user(g.script_user_ ? std::optional(g.script_user_->user_) : std::nullopt,
                                                  g.script_user_ ? g.script_user_->group_ : std::nullopt);
    f.default_script_user = user ? Owner(std::pair{unsigned(user->uid), unsigned(user->gid)}) : std::nullopt;
    f.lookup_user = [](const std::string& name, const std::optional<std::string>& group) -> Owner {
        const auto found = script::resolve_script_user(name, group);
        return found ? Owner(std::pair{unsigned(found->uid), unsigned(found->gid)}) : std::nullopt;
    };
    if (g.default_interface_) {
        f.default_interface = *g.default_interface_;
    }
    // keepalived records the realtime priority and RLIMIT_RTTIME it gave the process.
    sched_param param{};
    if (::sched_getparam(0, &param) == 0 && param.sched_priority > 0) {
        f.current_rt_priority = static_cast<unsigned>(param.sched_priority);
        rlimit limit{};
        if (::getrlimit(RLIMIT_RTTIME, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
            f.current_rlimit_rttime = static_cast<unsigned>(limit.rlim_cur);
        }
    }
    return f;
}

} // namespace vigil::process
