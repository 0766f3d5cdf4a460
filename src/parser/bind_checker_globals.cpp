// global_defs keywords of the checker and BFD processes (keepalived global_parser.c:
// lvs_timeouts, lvs_flush*, lvs_sync_daemon, lvs_notify_fifo*, checker_* and bfd_* process
// tuning, smtp_alert_checker, nftables_ipvs*, lvs_netlink_*; reference
// keepalived-2.2.7-lvs-checkers.md §3.1).
#include "parser/bind_lvs.hpp"
#include "parser/lvs_format.hpp"
#include "parser/read_number.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <climits>
#include <cstdlib>

namespace vigil::parser {

namespace {

using config::CheckerGlobals;
using G = CheckerGlobals;

void lvs_timeouts(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() < 3) {
        ctx.error(s.words[0].where, "lvs_timeouts requires at least one option");
        return;
    }
    auto& t = g.lvs_timeouts_ ? *g.lvs_timeouts_ : g.lvs_timeouts_.emplace();
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        std::optional<unsigned>* target = w == "tcp" ? &t.tcp_ : w == "tcpfin" ? &t.tcpfin_ : w == "udp" ? &t.udp_ : nullptr;
        if (target == nullptr) {
            ctx.error(s.words[i].where, fmt::format("Unknown option {} specified for lvs_timeouts", w));
            continue;
        }
        if (i + 1 == s.words.size()) {
            ctx.error(s.words[i].where, fmt::format("No value specified for lvs_timeout {} - ignoring", w));
            continue;
        }
        ++i;
        if (auto v = read_unsigned(ctx, s.words[i].where, s.words[i].text, 0, config::lvs_max_timeout)) {
            *target = static_cast<unsigned>(*v);
        } else {
            ctx.error(s.words[i].where, fmt::format("Invalid lvs_timeout {} ({}) - ignoring", w, s.words[i].text));
        }
    }
}

void lvs_flush(BindContext&, const Statement&, G& g) {
    g.lvs_flush_ = true;
}

void lvs_flush_on_stop(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() == 1) {
        g.lvs_flush_on_stop_ = config::LvsFlushOnStop::full;
    } else if (s.words[1].text == "VS") {
        g.lvs_flush_on_stop_ = config::LvsFlushOnStop::virtual_servers;
    } else {
        ctx.error(s.words[1].where, fmt::format("Unknown lvs_flush_on_stop type {}", s.words[1].text));
    }
}

// One `NAME VALUE` option of lvs_sync_daemon read with read_unsigned in [min, max].
bool sync_option(BindContext& ctx, const Statement& s, std::size_t& i, unsigned long min, unsigned long max,
                 std::optional<unsigned>& target, std::string_view missing, std::string_view invalid) {
    if (i + 1 == s.words.size()) {
        ctx.error(s.words[i].where, std::string{missing});
        return false;
    }
    ++i;
    if (auto v = read_unsigned(ctx, s.words[i].where, s.words[i].text, min, max)) {
        target = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[i].where, fmt::format(fmt::runtime(invalid), s.words[i].text));
    }
    return true;
}

void lvs_sync_daemon(BindContext& ctx, const Statement& s, G& g) {
    if (g.lvs_sync_daemon_) {
        ctx.error(s.words[0].where, fmt::format("lvs_sync_daemon has already been specified as {} {} - ignoring",
                                                g.lvs_sync_daemon_->interface_,
                                                g.lvs_sync_daemon_->instance_.value_or("")));
        return;
    }
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "lvs_sync_daemon requires interface");
        return;
    }
    if (s.words[1].text.size() >= 16) {  // IP_VS_IFNAME_MAXLEN
        ctx.error(s.words[1].where,
                  fmt::format("lvs_sync_daemon interface name '{}' too long - ignoring", s.words[1].text));
        return;
    }
    auto& d = g.lvs_sync_daemon_.emplace();
    d.interface_ = std::string{s.words[1].text};
    for (std::size_t i = 2; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        if (w == "inst") {
            if (d.instance_) {
                ctx.error(s.words[i].where, fmt::format("lvs_sync_daemon vrrp instance has already been specified as "
                                                        "{} - ignoring",
                                                        *d.instance_));
            } else if (const auto name = ctx.word(s, i + 1)) {
                d.instance_ = std::string{*name};
            }
            ++i;
        } else if (w == "id") {
            if (i + 1 == s.words.size()) {
                ctx.error(s.words[i].where, "No value specified for lvs_sync_daemon id, defaulting to vrid");
                continue;
            }
            ++i;
            if (auto v = read_unsigned(ctx, s.words[i].where, s.words[i].text, 0, 255)) {
                d.sync_id_ = static_cast<unsigned>(*v);
            } else {
                ctx.error(s.words[i].where, fmt::format("Invalid syncid ({}) - defaulting to vrid", s.words[i].text));
            }
        } else if (w == "maxlen") {
            sync_option(ctx, s, i, 1, 65535 - 20 - 8, d.maxlen_, "No value specified for lvs_sync_daemon maxlen - ignoring",
                        "Invalid lvs_sync_daemon maxlen ({}) - ignoring");
        } else if (w == "port") {
            sync_option(ctx, s, i, 1, 65535, d.port_, "No value specified for lvs_sync_daemon port - ignoring",
                        "Invalid lvs_sync_daemon port ({}) - ignoring");
        } else if (w == "ttl") {
            sync_option(ctx, s, i, 1, 255, d.ttl_, "No value specified for lvs_sync_daemon ttl - ignoring",
                        "Invalid lvs_sync_daemon ttl ({}) - ignoring");
        } else if (w == "group") {
            if (i + 1 == s.words.size()) {
                ctx.error(s.words[i].where, "No value specified for lvs_sync_daemon group - ignoring");
                continue;
            }
            ++i;
            const auto a = parse_socket_address(s.words[i].text);
            if (!a) {
                ctx.error(s.words[i].where,
                          fmt::format("Invalid lvs_sync_daemon group ({}) - ignoring", s.words[i].text));
            } else if (!a->is_multicast()) {
                ctx.error(s.words[i].where,
                          fmt::format("lvs_sync_daemon group address {} is not multicast - ignoring", s.words[i].text));
            } else {
                d.group_ = *a;
            }
        } else if (i == 2) {
            // The old form lvs_sync_daemon IF VRRP_INSTANCE [SYNC_ID].
            d.instance_ = std::string{w};
        } else if (i == 3) {
            if (auto v = read_unsigned(ctx, s.words[i].where, w, 0, 255)) {
                ctx.error(s.words[i].where, "Please use keyword \"id\" before lvs_sync_daemon SYNCID");
                d.sync_id_ = static_cast<unsigned>(*v);
            } else {
                ctx.error(s.words[i].where, fmt::format("Invalid syncid ({}) - defaulting to vrid", w));
            }
        } else {
            ctx.error(s.words[i].where, fmt::format("Unknown option {} specified for lvs_sync_daemon", w));
        }
    }
}

void lvs_notify_fifo(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "No lvs_notify_fifo name specified");
        return;
    }
    if (g.lvs_notify_fifo_) {
        ctx.error(s.words[1].where, fmt::format("lvs_notify_fifo already specified - ignoring {}", s.words[1].text));
        return;
    }
    config::Fifo f{std::string{s.words[1].text}, std::nullopt, std::nullopt};
    if (s.words.size() > 2) {
        f.user_ = std::string{s.words[2].text};
    }
    if (s.words.size() > 3) {
        f.group_ = std::string{s.words[3].text};
    }
    g.lvs_notify_fifo_ = std::move(f);
}

void lvs_notify_fifo_script(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "No lvs_notify_fifo_script specified");
        return;
    }
    if (g.lvs_notify_fifo_script_) {
        ctx.error(s.words[1].where,
                  fmt::format("lvs_notify_fifo_script already specified - ignoring {}", s.words[1].text));
        return;
    }
    if (auto c = ctx.command(s)) {
        g.lvs_notify_fifo_script_ = std::move(*c);
    }
}

// [BOOL] of a global with keepalived's message `message` (with {} for the value, or none).
void global_bool(BindContext& ctx, const Statement& s, std::string_view message, std::optional<bool>& target) {
    if (s.words.size() < 2) {
        target = true;
        return;
    }
    if (auto v = true_false(s.words[1].text)) {
        target = *v;
        return;
    }
    ctx.error(s.words[1].where, fmt::format(fmt::runtime(message), s.words[1].text));
}

void global_flag(BindContext& ctx, const Statement& s, std::string_view message, bool& target) {
    std::optional<bool> v;
    global_bool(ctx, s, message, v);
    if (v) {
        target = *v;
    }
}

void smtp_alert_checker(BindContext& ctx, const Statement& s, G& g) {
    global_bool(ctx, s, "Invalid value '{}' for global smtp_alert_checker specified", g.smtp_alert_checker_);
}
void checker_log_all_failures(BindContext& ctx, const Statement& s, G& g) {
    global_flag(ctx, s, "Invalid value for checker_log_all_failures specified", g.checker_log_all_failures_);
}
void rs_init_notifies(BindContext& ctx, const Statement& s, G& g) {
    global_flag(ctx, s, "Invalid value '{}' for global rs_init_notifies specified", g.rs_init_notifies_);
}
void no_checker_emails(BindContext& ctx, const Statement& s, G& g) {
    global_flag(ctx, s, "Invalid value '{}' for global no_checker_emails specified", g.no_checker_emails_);
}
void enable_snmp_checker(BindContext&, const Statement&, G& g) {
    g.enable_snmp_checker_ = true;
}

// ---- process tuning (get_priority, get_realtime_priority, get_cpu_affinity, get_rt_rlimit) ----

config::ProcessTuning& tuning(G& g, const Statement& s) {
    return s.keyword().starts_with("bfd") ? g.bfd_ : g.checker_;
}

std::string_view process(const Statement& s) {
    return s.keyword().starts_with("bfd") ? "bfd" : "checker";
}

void process_name(BindContext& ctx, const Statement& s, G& g) {
    if (s.keyword() == "lvs_process_name") {
        ctx.notice(BindContext::location(s.words[0].where),
                   "'lvs_process_name' is deprecated - please use 'checker_process_name'");
    }
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    constexpr std::size_t max_length = 15;  // TASK_COMM_LEN - 1
    if (text->size() > max_length) {
        ctx.error(s.words[1].where, fmt::format("Process name {} more than {} characters, truncating", *text, max_length));
    }
    tuning(g, s).process_name_ = std::string{text->substr(0, max_length)};
}

void priority(BindContext& ctx, const Statement& s, G& g) {
    auto& t = tuning(g, s);
    t.priority_ = 0;
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, fmt::format("No {} process priority specified", process(s)));
        return;
    }
    if (auto v = read_int(ctx, s.words[1].where, s.words[1].text, -20, 19)) {
        t.priority_ = static_cast<int>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid {} process priority specified", process(s)));
    }
}

void no_swap(BindContext&, const Statement& s, G& g) {
    tuning(g, s).no_swap_ = true;
}

// SCHED_RR priorities are 1..99 on Linux.
void rt_priority(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, fmt::format("No {} process real-time priority specified", process(s)));
        return;
    }
    auto v = read_int(ctx, s.words[1].where, s.words[1].text, INT_MIN, INT_MAX);
    if (!v) {
        ctx.error(s.words[1].where,
                  fmt::format("{} process real-time priority '{}' invalid", process(s), s.words[1].text));
        return;
    }
    if (*v < 1) {
        ctx.error(s.words[1].where, fmt::format("{} process real-time priority {} less than minimum 1 - setting to "
                                                "minimum",
                                                process(s), *v));
        v = 1;
    } else if (*v > 99) {
        ctx.error(s.words[1].where, fmt::format("{} process real-time priority {} greater than maximum 99 - setting to "
                                                "maximum",
                                                process(s), *v));
        v = 99;
    }
    tuning(g, s).rt_priority_ = static_cast<unsigned>(*v);
}

// keepalived checks the CPU numbers against the CPUs online when it reads them.
void cpu_affinity(BindContext& ctx, const Statement& s, G& g) {
    auto& t = tuning(g, s);
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, fmt::format("No {} cpu_id set specified", process(s)));
        return;
    }
    const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    std::vector<int> cpus;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const std::string text{s.words[i].text};
        const auto v = read_int(ctx, s.words[i].where, text, 0, online - 1);
        if (!v) {
            ctx.error(s.words[i].where, fmt::format("Invalid cpu_id:{} specified for {} process",
                                                    std::strtol(text.c_str(), nullptr, 10), process(s)));
            t.cpu_affinity_.clear();
            return;
        }
        cpus.push_back(static_cast<int>(*v));
    }
    t.cpu_affinity_ = std::move(cpus);
}

void rlimit_rttime(BindContext& ctx, const Statement& s, G& g) {
    const auto kw = s.keyword();
    if (kw.ends_with("rtime") && !kw.ends_with("rttime")) {
        ctx.notice(BindContext::location(s.words[0].where),
                   fmt::format("Keyword '{}' is deprecated - please use '{}rttime'", kw, kw.substr(0, kw.size() - 5)));
    }
    auto& t = tuning(g, s);
    const auto text = ctx.word(s, 1);
    if (!text) {
        t.rlimit_rttime_ = 0;
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, UINT32_MAX)) {
        t.rlimit_rttime_ = *v == 1 ? 2 : *v;  // halved later, must stay non-zero
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid {} real-time limit - {}", process(s), *text));
        t.rlimit_rttime_ = 0;
    }
}

// ---- nftables_ipvs*, lvs_netlink_* ----

void nftables_ipvs(BindContext& ctx, const Statement& s, G& g) {
    if (g.nftables_ipvs_) {
        ctx.error(s.words[0].where, "ipvs nftables already specified - ignoring");
        return;
    }
    std::string name = "keepalived_ipvs";
    if (s.words.size() >= 2) {
        if (s.words[1].text.size() >= 256) {  // NFT_TABLE_MAXNAMELEN
            ctx.error(s.words[1].where, "ipvs nftables table name too long - ignoring");
            return;
        }
        name = std::string{s.words[1].text};
    }
    g.nftables_ipvs_ = std::move(name);
    g.nftables_ipvs_priority_ = -1;
    g.nftables_ipvs_start_fwmark_ = 1000;
}

void nftables_ipvs_priority(BindContext& ctx, const Statement& s, G& g) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_int(ctx, s.words[1].where, *text, INT_MIN, INT_MAX)) {
        g.nftables_ipvs_priority_ = static_cast<int>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("invalid ipvs nftables chain priority '{}'", *text));
    }
}

void nftables_ipvs_start_fwmark(BindContext& ctx, const Statement& s, G& g) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, UINT32_MAX)) {
        g.nftables_ipvs_start_fwmark_ = static_cast<std::uint32_t>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("invalid ipvs nftables start_fwmark priority '{}'", *text));
    }
}

void rcv_bufs(BindContext& ctx, const Statement& s, std::uint64_t& target, std::string_view type) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, fmt::format("{}_rcv_bufs size missing", type));
        return;
    }
    const auto v = read_unsigned(ctx, s.words[1].where, s.words[1].text, 0, UINT_MAX);
    if (!v) {
        ctx.error(s.words[1].where, fmt::format("{}_rcv_bufs size ({}) invalid", type, s.words[1].text));
        return;
    }
    if (*v != 0) {
        target = *v;
    }
}

void lvs_netlink_cmd_rcv_bufs(BindContext& ctx, const Statement& s, G& g) {
    rcv_bufs(ctx, s, g.lvs_netlink_cmd_rcv_bufs_, "lvs_netlink_cmd");
}
void lvs_netlink_monitor_rcv_bufs(BindContext& ctx, const Statement& s, G& g) {
    rcv_bufs(ctx, s, g.lvs_netlink_monitor_rcv_bufs_, "lvs_netlink_monitor");
}
void lvs_netlink_cmd_rcv_bufs_force(BindContext& ctx, const Statement& s, G& g) {
    global_flag(ctx, s, "Invalid value '{}' for global lvs_netlink_cmd_rcv_bufs_force specified",
                g.lvs_netlink_cmd_rcv_bufs_force_);
}
void lvs_netlink_monitor_rcv_bufs_force(BindContext& ctx, const Statement& s, G& g) {
    global_flag(ctx, s, "Invalid value '{}' for global lvs_netlink_monitor_rcv_bufs_force specified",
                g.lvs_netlink_monitor_rcv_bufs_force_);
}

constexpr Keyword<G> checker_globals[] = {
    {"lvs_timeouts", Shape::line, lvs_timeouts},
    {"lvs_flush", Shape::line, lvs_flush},
    {"lvs_flush_on_stop", Shape::line, lvs_flush_on_stop},
    {"lvs_flush_onstop", Shape::line, lvs_flush_on_stop},
    {"lvs_sync_daemon", Shape::line, lvs_sync_daemon},
    {"lvs_notify_fifo", Shape::line, lvs_notify_fifo},
    {"lvs_notify_fifo_script", Shape::line, lvs_notify_fifo_script},
    {"smtp_alert_checker", Shape::line, smtp_alert_checker},
    {"checker_log_all_failures", Shape::line, checker_log_all_failures},
    {"rs_init_notifies", Shape::line, rs_init_notifies},
    {"no_checker_emails", Shape::line, no_checker_emails},
    {"enable_snmp_checker", Shape::line, enable_snmp_checker},
    {"checker_process_name", Shape::line, process_name},
    {"lvs_process_name", Shape::line, process_name},
    {"checker_priority", Shape::line, priority},
    {"checker_no_swap", Shape::line, no_swap},
    {"checker_rt_priority", Shape::line, rt_priority},
    {"checker_cpu_affinity", Shape::line, cpu_affinity},
    {"checker_rlimit_rttime", Shape::line, rlimit_rttime},
    {"checker_rlimit_rtime", Shape::line, rlimit_rttime},
    {"bfd_process_name", Shape::line, process_name},
    {"bfd_priority", Shape::line, priority},
    {"bfd_no_swap", Shape::line, no_swap},
    {"bfd_rt_priority", Shape::line, rt_priority},
    {"bfd_cpu_affinity", Shape::line, cpu_affinity},
    {"bfd_rlimit_rttime", Shape::line, rlimit_rttime},
    {"bfd_rlimit_rtime", Shape::line, rlimit_rttime},
    {"nftables_ipvs", Shape::line, nftables_ipvs},
    {"nftables_ipvs_priority", Shape::line, nftables_ipvs_priority},
    {"nftables_ipvs_start_fwmark", Shape::line, nftables_ipvs_start_fwmark},
    {"lvs_netlink_cmd_rcv_bufs", Shape::line, lvs_netlink_cmd_rcv_bufs},
    {"lvs_netlink_cmd_rcv_bufs_force", Shape::line, lvs_netlink_cmd_rcv_bufs_force},
    {"lvs_netlink_monitor_rcv_bufs", Shape::line, lvs_netlink_monitor_rcv_bufs},
    {"lvs_netlink_monitor_rcv_bufs_force", Shape::line, lvs_netlink_monitor_rcv_bufs_force},
};

constexpr auto names = [] {
    std::array<std::string_view, std::size(checker_globals)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = checker_globals[i].name_;
    }
    return out;
}();

} // namespace

std::span<const std::string_view> checker_global_names() {
    return names;
}

bool bind_checker_global(BindContext& ctx, const Statement& s, config::GlobalDefs& g) {
    for (const auto& k : checker_globals) {
        if (k.name_ != s.keyword()) {
            continue;
        }
        if (!g.checker_) {
            g.checker_.emplace();
        }
        if (check_shape(ctx, s, k.shape_)) {
            k.handler_(ctx, s, *g.checker_);
        }
        return true;
    }
    return false;
}

} // namespace vigil::parser
