// global_defs helpers and the global keywords vigil checks but does not model: process
// tuning (priorities, CPU affinity, rlimits), checker/LVS/BFD settings, netlink buffers
// (keepalived 2.2.7 global_parser.c, same checks and wording).
#include "parser/bind_blocks.hpp"
#include "parser/bind_global_handlers.hpp"
#include "parser/bind_scripts.hpp"

#include <fmt/format.h>

#include <cctype>
#include <climits>
#include <cstdlib>

namespace vigil::parser::global_handlers {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

std::optional<bool> true_false_or(BindContext& ctx, const Statement& s, std::string_view invalid) {
    if (!BindContext::has(s, 1)) {
        return true;
    }
    const int v = true_false(s.words[1].text);
    if (v < 0) {
        ctx.error(s.words[1].where, fmt::format(fmt::runtime(invalid), s.words[1].text));
        return std::nullopt;
    }
    return v == 1;
}

std::optional<int> process_priority(BindContext& ctx, const Statement& s, std::string_view process) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("No {} process priority specified", process));
        return std::nullopt;
    }
    if (const auto v = ctx.int_at(s, 1, -20, 19)) {
        return static_cast<int>(*v);
    }
    ctx.error(s.words[1].where, fmt::format("Invalid {} process priority specified", process));
    return std::nullopt;
}

std::optional<unsigned> realtime_priority(BindContext& ctx, const Statement& s, std::string_view process) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("No {} process real-time priority specified", process));
        return std::nullopt;
    }
    const auto v = ctx.int_at(s, 1, INT_MIN, INT_MAX);
    if (!v) {
        ctx.error(s.words[1].where, fmt::format("{} process real-time priority '{}' invalid", process, s.words[1].text));
        return std::nullopt;
    }
    if (*v < 1) {
        ctx.error(s.words[1].where,
                  fmt::format("{} process real-time priority {} less than minimum 1 - setting to minimum", process, *v));
        return 1;
    }
    if (*v > 99) {
        ctx.error(s.words[1].where,
                  fmt::format("{} process real-time priority {} greater than maximum 99 - setting to maximum", process, *v));
        return 99;
    }
    return static_cast<unsigned>(*v);
}

bool cpu_affinity(BindContext& ctx, const Statement& s, std::string_view process) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("No {} cpu_id set specified", process));
        return false;
    }
    const long cpus = ctx.system().cpus_online();
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const auto r = read_int(s.words[i].text, 0, cpus - 1);
        for (const auto& m : r.messages) {
            ctx.error(s.words[i].where, m);
        }
        if (!r.ok) {
            ctx.error(s.words[i].where, fmt::format("Invalid cpu_id:{} specified for {} process",
                                                    static_cast<int>(r.value), process));
            return false;
        }
    }
    return true;
}

std::optional<std::uint64_t> rt_rlimit(BindContext& ctx, const Statement& s, std::string_view process) {
    const auto v = ctx.unsigned_at(s, 1, 1, UINT32_MAX);
    if (!v) {
        if (BindContext::has(s, 1)) {
            ctx.error(s.words[1].where, fmt::format("Invalid {} real-time limit - {}", process, s.words[1].text));
        }
        return std::nullopt;
    }
    return *v == 1 ? 2 : *v;
}

std::optional<std::uint64_t> netlink_rcv_bufs(BindContext& ctx, const Statement& s) {
    auto type = s.keyword();
    type.remove_suffix(std::string_view{"_rcv_bufs"}.size());
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, fmt::format("{}_rcv_bufs size missing", type));
        return std::nullopt;
    }
    const auto v = ctx.unsigned_at(s, 1, 0, UINT_MAX);
    if (!v) {
        ctx.error(s.words[1].where, fmt::format("{}_rcv_bufs size ({}) invalid", type, s.words[1].text));
        return std::nullopt;
    }
    return *v == 0 ? std::nullopt : std::optional<std::uint64_t>{*v};
}

bool umask_valid(BindContext& ctx, const Statement& s) {
    const auto mask = ctx.word(s, 1);
    if (!mask) {
        return false;
    }
    if (!mask->empty() && std::isdigit(static_cast<unsigned char>(mask->front())) != 0) {
        if (s.words.size() != 2) {
            ctx.error(s.where, "Extra parameter(s) to umask option");
            return false;
        }
        const std::string text{*mask};
        char* end = nullptr;
        const long value = std::strtol(text.c_str(), &end, 0);
        if (*end != '\0' || value < 0 || (value & ~0777L) != 0) {
            ctx.error(s.words[1].where, fmt::format("invalid umask value {}", text));
            return false;
        }
        return true;
    }
    static constexpr std::string_view bits[] = {"IRUSR", "IWUSR", "IXUSR", "IRGRP", "IWGRP",
                                                "IXGRP", "IROTH", "IWOTH", "IXOTH"};
    bool need_or = false;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        std::string_view p = s.words[i].text;
        while (!p.empty()) {
            if (need_or) {
                if (p.front() == '|') {
                    need_or = false;
                    p.remove_prefix(1);
                    continue;
                }
                ctx.error(s.words[i].where, fmt::format("Invalid umask syntax {}", s.words[i].text));
                return false;
            }
            bool known = false;
            for (const auto b : bits) {
                if (p.substr(0, 5) == b) {
                    known = true;
                }
            }
            if (!known) {
                ctx.error(s.words[i].where, fmt::format("Unknown umask bit {}", p));
                return false;
            }
            p.remove_prefix(5);
            need_or = true;
        }
    }
    if (!need_or) {
        ctx.error(s.where, "umask missing bit value");
        return false;
    }
    return true;
}

void include_check(BindContext& ctx, const Statement& s) {
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        std::string_view word = s.words[i].text;
        std::size_t offset = 1;
        if (word.empty() || (word.front() != '-' && word.front() != '+')) {
            offset = 0;
            if (i != 1) {
                ctx.error(s.words[i].where, fmt::format("Duplicate include_check '{}' specified - ignoring", word));
                continue;
            }
        }
        const auto type = word.substr(std::min(offset, word.size()));
        if (type != "read" && type != "match" && type != "wildcard_match" && type != "brace_match") {
            ctx.error(s.words[i].where, fmt::format("Unknown include_check type '{}' - ignoring", type));
        }
    }
}

namespace {

using G = config::GlobalDefs;

void keep(const Statement& s, G& g) {
    g.other_.push_back(raw_statement(s));
}

void process_name(BindContext& ctx, const Statement& s, G& g) {
    const auto name = ctx.word(s, 1);
    if (!name) {
        return;
    }
    if (name->size() >= 16) {
        ctx.error(s.words[1].where, fmt::format("Process name {} more than 15 characters, truncating", *name));
    }
    keep(s, g);
}

void flag(BindContext&, const Statement& s, G& g) {
    keep(s, g);
}

void boolean(BindContext& ctx, const Statement& s, G& g) {
    std::string invalid = fmt::format("Invalid value '{{}}' for global {} specified", s.keyword());
    if (s.keyword() == "checker_log_all_failures") {
        invalid = "Invalid value for checker_log_all_failures specified";
    }
    if (true_false_or(ctx, s, invalid)) {
        keep(s, g);
    }
}

std::string_view process_of(std::string_view keyword) {
    return keyword.substr(0, keyword.find('_'));
}

void priority(BindContext& ctx, const Statement& s, G& g) {
    if (process_priority(ctx, s, process_of(s.keyword()))) {
        keep(s, g);
    }
}

void rt_priority(BindContext& ctx, const Statement& s, G& g) {
    if (realtime_priority(ctx, s, process_of(s.keyword()))) {
        keep(s, g);
    }
}

void affinity(BindContext& ctx, const Statement& s, G& g) {
    if (cpu_affinity(ctx, s, process_of(s.keyword()))) {
        keep(s, g);
    }
}

void rlimit(BindContext& ctx, const Statement& s, G& g) {
    if (rt_rlimit(ctx, s, process_of(s.keyword()))) {
        keep(s, g);
    }
}

void rcv_bufs(BindContext& ctx, const Statement& s, G& g) {
    if (netlink_rcv_bufs(ctx, s)) {
        keep(s, g);
    }
}

// lvs_timeouts [tcp N] [tcpfin N] [udp N]
void lvs_timeouts(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() < 3) {
        ctx.error(s.where, "lvs_timeouts requires at least one option");
        return;
    }
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        if (w == "tcp" || w == "tcpfin" || w == "udp") {
            if (i == s.words.size() - 1) {
                ctx.error(s.words[i].where, fmt::format("No value specified for lvs_timeout {} - ignoring", w));
                continue;
            }
            if (!ctx.unsigned_at(s, i + 1, 0, 86400 * 31)) {
                ctx.error(s.words[i + 1].where, fmt::format("Invalid lvs_timeout {} ({}) - ignoring", w, s.words[i + 1].text));
            }
            ++i;
            continue;
        }
        ctx.error(s.words[i].where, fmt::format("Unknown option {} specified for lvs_timeouts", w));
    }
    keep(s, g);
}

void lvs_flush_on_stop(BindContext& ctx, const Statement& s, G& g) {
    if (BindContext::has(s, 1) && s.words[1].text != "VS") {
        ctx.error(s.words[1].where, fmt::format("Unknown lvs_flush_on_stop type {}", s.words[1].text));
        return;
    }
    keep(s, g);
}

// lvs_sync_daemon IF [[inst] VI] [id N] [maxlen N] [port N] [ttl N] [group ADDR]
void lvs_sync_daemon(BindContext& ctx, const Statement& s, G& g) {
    if (!ctx.recall("lvs_sync_daemon").empty()) {
        ctx.error(s.where, fmt::format("lvs_sync_daemon has already been specified as {} - ignoring",
                                       ctx.recall("lvs_sync_daemon")));
        return;
    }
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "lvs_sync_daemon requires interface");
        return;
    }
    if (s.words[1].text.size() >= 16) {
        ctx.error(s.words[1].where, fmt::format("lvs_sync_daemon interface name '{}' too long - ignoring", s.words[1].text));
        return;
    }
    std::optional<std::string> instance;
    // keepalived prints "IF INSTANCE" (or "IF ") in its duplicate message.
    auto remember = [&] { ctx.remember("lvs_sync_daemon", fmt::format("{} {}", s.words[1].text, instance.value_or(""))); };
    remember();
    for (std::size_t i = 2; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        if (w == "inst") {
            if (instance) {
                ctx.error(s.words[i].where,
                          fmt::format("lvs_sync_daemon vrrp instance has already been specified as {} - ignoring", *instance));
            } else if (const auto name = ctx.word(s, i + 1)) {
                instance = std::string{*name};
                remember();
            } else {
                return;
            }
            ++i;
            continue;
        }
        struct Option {
            std::string_view name;
            unsigned long min;
            unsigned long max;
            std::string_view missing;
            std::string_view invalid;
        };
        static constexpr Option options[] = {
            {"id", 0, 255, "No value specified for lvs_sync_daemon id, defaulting to vrid", "Invalid syncid ({}) - defaulting to vrid"},
            {"maxlen", 1, 65535 - 20 - 8, "No value specified for lvs_sync_daemon maxlen - ignoring", "Invalid lvs_sync_daemon maxlen ({}) - ignoring"},
            {"port", 1, 65535, "No value specified for lvs_sync_daemon port - ignoring", "Invalid lvs_sync_daemon port ({}) - ignoring"},
            {"ttl", 1, 255, "No value specified for lvs_sync_daemon ttl - ignoring", "Invalid lvs_sync_daemon ttl ({}) - ignoring"},
        };
        bool matched = false;
        for (const auto& o : options) {
            if (w != o.name) {
                continue;
            }
            matched = true;
            if (i == s.words.size() - 1) {
                ctx.error(s.words[i].where, std::string{o.missing});
            } else {
                if (!ctx.unsigned_at(s, i + 1, o.min, o.max)) {
                    ctx.error(s.words[i + 1].where, fmt::format(fmt::runtime(o.invalid), s.words[i + 1].text));
                }
                ++i;
            }
        }
        if (matched) {
            continue;
        }
        if (w == "group") {
            if (i == s.words.size() - 1) {
                ctx.error(s.words[i].where, "No value specified for lvs_sync_daemon group - ignoring");
                continue;
            }
            const auto text = s.words[i + 1].text;
            const auto a = parse_sockaddr(text);
            if (!a) {
                ctx.error(s.words[i + 1].where, fmt::format("Invalid lvs_sync_daemon group ({}) - ignoring", text));
            } else if (!a->is_multicast()) {
                ctx.error(s.words[i + 1].where,
                          fmt::format("lvs_sync_daemon group address {} is not multicast - ignoring", text));
            }
            ++i;
            continue;
        }
        if (i == 2) {
            instance = std::string{w};
            remember();
            continue;
        }
        if (i == 3) {
            if (!ctx.unsigned_at(s, 3, 0, 255)) {
                ctx.error(s.words[3].where, fmt::format("Invalid syncid ({}) - defaulting to vrid", w));
            } else {
                ctx.error(s.words[3].where, "Please use keyword \"id\" before lvs_sync_daemon SYNCID");
            }
            continue;
        }
        ctx.error(s.words[i].where, fmt::format("Unknown option {} specified for lvs_sync_daemon", w));
    }
    keep(s, g);
}

void nftables_ipvs(BindContext& ctx, const Statement& s, G& g) {
    if (!ctx.first_time("nftables_ipvs")) {
        ctx.error(s.where, "ipvs nftables already specified - ignoring");
        return;
    }
    if (BindContext::has(s, 1) && s.words[1].text.size() >= 256) {
        ctx.error(s.words[1].where, "ipvs nftables table name too long - ignoring");
        return;
    }
    keep(s, g);
}

void nftables_ipvs_priority(BindContext& ctx, const Statement& s, G& g) {
    if (ctx.int_at(s, 1, INT_MIN, INT_MAX)) {
        keep(s, g);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("invalid ipvs nftables chain priority '{}'", s.words[1].text));
    }
}

void nftables_ipvs_start_fwmark(BindContext& ctx, const Statement& s, G& g) {
    if (ctx.unsigned_at(s, 1, 1, UINT32_MAX)) {
        keep(s, g);
    } else if (BindContext::has(s, 1)) {
        ctx.error(s.words[1].where, fmt::format("invalid ipvs nftables start_fwmark priority '{}'", s.words[1].text));
    }
}

void lvs_notify_fifo(BindContext& ctx, const Statement& s, G& g) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "No lvs_notify_fifo name specified");
        return;
    }
    if (!ctx.first_time("lvs_notify_fifo")) {
        ctx.error(s.where, fmt::format("lvs_notify_fifo already specified - ignoring {}", s.words[1].text));
        return;
    }
    keep(s, g);
}

void lvs_notify_fifo_script(BindContext& ctx, const Statement& s, G& g) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "No lvs_notify_fifo_script specified");
        return;
    }
    if (!ctx.first_time("lvs_notify_fifo_script")) {
        ctx.error(s.where, fmt::format("lvs_notify_fifo_script already specified - ignoring {}", s.words[1].text));
        return;
    }
    if (read_notify_script(ctx, s)) {
        keep(s, g);
    }
}

struct Other {
    std::string_view name;
    void (*handler)(BindContext&, const Statement&, G&);
};

constexpr Other others[] = {
    {"checker_process_name", process_name},
    {"lvs_process_name", process_name},
    {"bfd_process_name", process_name},
    {"smtp_alert_checker", boolean},
    {"checker_log_all_failures", boolean},
    {"lvs_timeouts", lvs_timeouts},
    {"lvs_flush", flag},
    {"lvs_flush_on_stop", lvs_flush_on_stop},
    {"lvs_flush_onstop", lvs_flush_on_stop},
    {"lvs_sync_daemon", lvs_sync_daemon},
    {"nftables_ipvs", nftables_ipvs},
    {"nftables_ipvs_priority", nftables_ipvs_priority},
    {"nftables_ipvs_start_fwmark", nftables_ipvs_start_fwmark},
    {"lvs_notify_fifo", lvs_notify_fifo},
    {"lvs_notify_fifo_script", lvs_notify_fifo_script},
    {"checker_priority", priority},
    {"checker_no_swap", flag},
    {"checker_rt_priority", rt_priority},
    {"checker_cpu_affinity", affinity},
    {"checker_rlimit_rttime", rlimit},
    {"checker_rlimit_rtime", rlimit},
    {"bfd_priority", priority},
    {"bfd_no_swap", flag},
    {"bfd_rt_priority", rt_priority},
    {"bfd_cpu_affinity", affinity},
    {"bfd_rlimit_rttime", rlimit},
    {"bfd_rlimit_rtime", rlimit},
    {"enable_snmp_checker", flag},
    {"process_monitor_rcv_bufs", rcv_bufs},
    {"process_monitor_rcv_bufs_force", boolean},
    {"lvs_netlink_cmd_rcv_bufs", rcv_bufs},
    {"lvs_netlink_cmd_rcv_bufs_force", boolean},
    {"lvs_netlink_monitor_rcv_bufs", rcv_bufs},
    {"lvs_netlink_monitor_rcv_bufs_force", boolean},
    {"rs_init_notifies", boolean},
    {"no_checker_emails", boolean},
};

constexpr auto other_names = [] {
    std::array<std::string_view, std::size(others)> out{};
    for (std::size_t i = 0; i < std::size(others); ++i) {
        out[i] = others[i].name;
    }
    return out;
}();

} // namespace

std::span<const std::string_view> other_keyword_names() {
    return other_names;
}

void other_keyword(BindContext& ctx, const Statement& s, config::GlobalDefs& g) {
    for (const auto& o : others) {
        if (o.name == s.keyword()) {
            o.handler(ctx, s, g);
            return;
        }
    }
}

} // namespace vigil::parser::global_handlers
