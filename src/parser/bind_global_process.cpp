// global_defs process tuning (priorities, CPU affinity, rlimits, netlink and receive buffers) and
// the global keywords of other processes: the checker and BFD ones are bound by
// bind_checker_globals.cpp, the rest checked here (keepalived 2.2.7 global_parser.c wording).
#include "parser/bind_blocks.hpp"
#include "parser/bind_global_handlers.hpp"
#include "parser/bind_handlers.hpp"
#include "parser/bind_lvs.hpp"
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
    const int v = check_true_false(s.words[1].text);
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
    if (const auto v = ctx.int_at(s, 1, -20, 19, Lenient::yes)) {
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
    const auto v = ctx.int_at(s, 1, INT_MIN, INT_MAX, Lenient::yes);
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
        const auto r = read_int(s.words[i].text, 0, cpus - 1, 10, ctx.warn_prefix(Lenient::yes));
        for (const auto& m : r.messages) {
            ctx.error(s.words[i].where, m);
        }
        if (!ctx.keeps(Lenient::yes, r, 0LL, static_cast<long long>(cpus - 1))) {
            ctx.error(s.words[i].where, fmt::format("Invalid cpu_id:{} specified for {} process",
                                                    static_cast<int>(r.value), process));
            return false;
        }
    }
    return true;
}

std::optional<std::uint64_t> rt_rlimit(BindContext& ctx, const Statement& s, std::string_view process) {
    const auto v = ctx.unsigned_at(s, 1, 1, UINT32_MAX, Lenient::yes);
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

void rcv_bufs(BindContext& ctx, const Statement& s, G& g) {
    if (netlink_rcv_bufs(ctx, s)) {
        g.other_.push_back(raw_statement(s));
    }
}

void rcv_bufs_force(BindContext& ctx, const Statement& s, G& g) {
    if (true_false_or(ctx, s, fmt::format("Invalid value '{{}}' for global {} specified", s.keyword()))) {
        g.other_.push_back(raw_statement(s));
    }
}

// The keywords neither here nor in the checker's table (bind_checker_globals.cpp).
struct Other {
    std::string_view name;
    void (*handler)(BindContext&, const Statement&, G&);
};

constexpr Other others[] = {
    {"process_monitor_rcv_bufs", rcv_bufs},
    {"process_monitor_rcv_bufs_force", rcv_bufs_force},
};

// lvs_sync_daemon is also set by a vrrp_instance's lvs_sync_daemon_interface: one record
// ("IF INSTANCE", keepalived's wording in its duplicate message) for both.
void lvs_sync_daemon(BindContext& ctx, const Statement& s, G& g) {
    if (const auto known = ctx.recall("lvs_sync_daemon"); !known.empty() && !(g.checker_ && g.checker_->lvs_sync_daemon_)) {
        ctx.error(s.where, fmt::format("lvs_sync_daemon has already been specified as {} - ignoring", known));
        return;
    }
    bind_checker_global(ctx, s, g);
    if (g.checker_ && g.checker_->lvs_sync_daemon_ && ctx.recall("lvs_sync_daemon").empty()) {
        const auto& d = *g.checker_->lvs_sync_daemon_;
        ctx.remember("lvs_sync_daemon", fmt::format("{} {}", d.interface_, d.instance_.value_or("")));
    }
}

const std::vector<std::string_view>& names() {
    static const std::vector<std::string_view> out = [] {
        const auto checker = checker_global_names();
        std::vector<std::string_view> v{checker.begin(), checker.end()};
        for (const auto& o : others) {
            v.push_back(o.name);
        }
        return v;
    }();
    return out;
}

void vrrp_netlink_rcv_bufs(BindContext& ctx, const Statement& s, std::uint64_t& out) {
    if (auto v = netlink_rcv_bufs(ctx, s)) {
        out = *v;
    }
}

} // namespace

std::span<const std::string_view> other_keyword_names() {
    return names();
}

void other_keyword(BindContext& ctx, const Statement& s, config::GlobalDefs& g) {
    if (s.keyword() == "lvs_sync_daemon") {
        lvs_sync_daemon(ctx, s, g);
        return;
    }
    if (bind_checker_global(ctx, s, g)) {
        return;
    }
    for (const auto& o : others) {
        if (o.name == s.keyword()) {
            o.handler(ctx, s, g);
            return;
        }
    }
}

// The VRRP process's scheduling, limits and receive buffers (modelled in GlobalDefs).

void vrrp_priority(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = process_priority(ctx, s, "vrrp")) {
        g.vrrp_priority_ = *v;
    }
}

void vrrp_rt_priority(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = realtime_priority(ctx, s, "vrrp")) {
        g.vrrp_rt_priority_ = *v;
    }
}

void vrrp_cpu_affinity(BindContext& ctx, const Statement& s, G& g) {
    if (cpu_affinity(ctx, s, "vrrp")) {
        handlers::words<&G::vrrp_cpu_affinity_>(ctx, s, g);
    }
}

void vrrp_rlimit_rttime(BindContext& ctx, const Statement& s, G& g) {
    if (auto v = rt_rlimit(ctx, s, "vrrp")) {
        g.vrrp_rlimit_rttime_ = *v;
    }
}

void vrrp_rx_bufs_policy(BindContext& ctx, const Statement& s, G& g) {
    if (!BindContext::has(s, 1)) {
        ctx.error(s.where, "vrrp_rx_bufs_policy missing");
        return;
    }
    bool mtu = false;
    bool advert = false;
    bool size = false;
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const auto w = s.words[i].text;
        if (equals_ignoring_case(w, "MTU")) {
            mtu = true;
        } else if (equals_ignoring_case(w, "ADVERT")) {
            advert = true;
        } else if (ctx.unsigned_at(s, 1, 0, UINT_MAX)) {  // keepalived reads word 1 here
            size = true;
        } else {
            ctx.error(s.words[i].where, fmt::format("Invalid vrrp_rx_bufs_policy {}", w));
        }
    }
    if (size && (mtu || advert)) {
        ctx.error(s.where, "Cannot set vrrp_rx_bufs_policy size and policy, ignoring policy");
    } else if (mtu && advert) {
        ctx.error(s.where, "Cannot set both vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT");
    }
    g.vrrp_rx_bufs_policy_ = std::string{s.words[1].text};
}

void vrrp_rx_bufs_multiplier(BindContext& ctx, const Statement& s, G& g) {
    if (s.words.size() != 2) {
        ctx.error(s.where, "Invalid vrrp_rx_bufs_multiplier");
        return;
    }
    if (const auto v = ctx.unsigned_at(s, 1, 1, UINT_MAX)) {
        g.vrrp_rx_bufs_multiplier_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid vrrp_rx_bufs_multiplier {}", s.words[1].text));
    }
}

void vrrp_netlink_cmd_rcv_bufs(BindContext& ctx, const Statement& s, G& g) {
    vrrp_netlink_rcv_bufs(ctx, s, g.vrrp_netlink_cmd_rcv_bufs_);
}

void vrrp_netlink_monitor_rcv_bufs(BindContext& ctx, const Statement& s, G& g) {
    vrrp_netlink_rcv_bufs(ctx, s, g.vrrp_netlink_monitor_rcv_bufs_);
}

} // namespace vigil::parser::global_handlers
