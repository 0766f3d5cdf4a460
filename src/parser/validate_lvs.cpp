#include "parser/validate_lvs.hpp"

#include "parser/bind_context.hpp"
#include "parser/lvs_format.hpp"
#include "parser/validate_lvs_scripts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace vigil::parser {

namespace {

using net::Family;
using config::ForwardingMethod;
using config::VirtualServer;
using config::VirtualServerGroup;
using config::VirtualServerKind;

const VirtualServerGroup* find_group(const config::LvsConfig& lvs, const std::string& name) {
    for (const auto& g : lvs.groups_) {
        if (g.name_ == name) {
            return &g;
        }
    }
    return nullptr;
}

// keepalived tests a fwmark for truth: `virtual_server fwmark 0` acts as an address.
bool is_fwmark(const VirtualServer& vs) {
    return vs.kind_ == VirtualServerKind::fwmark && vs.fwmark_ != 0;
}

// ---- link_vsg_to_vs: group virtual servers (keepalived only logs these removals) ----

void link_groups(config::LvsConfig& lvs, BindContext& ctx) {
    std::erase_if(lvs.virtual_servers_, [&](VirtualServer& vs) {
        if (vs.kind_ != VirtualServerKind::group) {
            return false;
        }
        const auto* g = find_group(lvs, vs.group_);
        if (g == nullptr) {
            ctx.notice(vs.location_, fmt::format("Virtual server group {} specified but not configured - ignoring "
                                                 "virtual server {}",
                                                 vs.group_, format_vs(vs)));
            return true;
        }
        const bool v4 = g->has_family(Family::ipv4);
        const bool v6 = g->has_family(Family::ipv6);
        if (v4 && v6 && vs.family_) {
            ctx.notice(vs.location_, fmt::format("{}: virtual server group with IPv4 & IPv6 doesn't match virtual "
                                                 "server {} - ignoring",
                                                 vs.group_, format_vs(vs)));
            return true;
        }
        if ((v4 && vs.family_ == Family::ipv6) || (v6 && vs.family_ == Family::ipv4)) {
            ctx.notice(vs.location_, fmt::format("{}: address family doesn't match virtual server {} - ignoring",
                                                 vs.group_, format_vs(vs)));
            return true;
        }
        if (v4 != v6) {
            vs.family_ = v4 ? Family::ipv4 : Family::ipv6;
        } else if (!vs.family_ && g->has_fwmark_without_family()) {
            ctx.notice(vs.location_, fmt::format("{}: Virtual server {} address family cannot be determined, "
                                                 "defaulting to IPv4",
                                                 vs.group_, format_vs(vs)));
        }
        return false;
    });
}

// ---- validate_check_config, one virtual server ----

struct ServerChecks {
    BindContext& ctx;
    const config::Config& cfg;
    const VirtualServerGroup* group;  // of a group virtual server
    unsigned ordinal;                  // its position among that group's virtual servers
};

std::string vs_name(const VirtualServer& vs, const ServerChecks& c) {
    return format_vs(vs, c.ordinal);
}

void default_forwarding(VirtualServer& vs, std::optional<config::Forwarding>& server, const ServerChecks& c) {
    if (server) {
        return;
    }
    if (!vs.forwarding_) {
        c.ctx.error(vs.location_,
                    fmt::format("Virtual server {}: no forwarding method set, setting default NAT", vs_name(vs, c)));
        vs.forwarding_ = config::Forwarding{};
    }
    server = vs.forwarding_;
}

std::optional<bool> smtp_alert_default(const config::Config& cfg) {
    const auto& g = cfg.global_;
    if (g.checker_ && g.checker_->smtp_alert_checker_) {
        return g.checker_->smtp_alert_checker_;
    }
    return g.smtp_alert_;
}

// A real server's identity (keepalived's rs_iseq: address and port), as a hash key.
std::string server_key(const config::RealServer& rs) {
    std::string key(rs.address_.padded_bytes().begin(), rs.address_.padded_bytes().end());
    key += static_cast<char>(rs.address_.family());
    key += static_cast<char>(rs.port_ >> 8);
    key += static_cast<char>(rs.port_ & 0xff);
    return key;
}

void check_real_servers(VirtualServer& vs, const ServerChecks& c, unsigned long long& weight_sum) {
    auto& list = vs.real_servers_;
    std::unordered_set<std::string> seen;
    seen.reserve(list.size());
    for (std::size_t i = 0; i < list.size();) {
        auto& rs = list[i];
        if (!seen.insert(server_key(rs)).second) {
            c.ctx.error(rs.location_, fmt::format("VS {}: real server {} is duplicated - removing second rs",
                                                  vs_name(vs, c), format_rs(rs.address_, rs.port_, vs)));
            list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
        }
        default_forwarding(vs, rs.forwarding_, c);
        if (!rs.alpha_) {
            rs.alpha_ = vs.alpha_;
        }
        if (!rs.inhibit_on_failure_) {
            rs.inhibit_on_failure_ = vs.inhibit_on_failure_;
        }
        if (!rs.retry_) {
            rs.retry_ = vs.retry_;
        }
        if (!rs.connect_timeout_) {
            rs.connect_timeout_ = vs.connect_timeout_;
        }
        if (!rs.delay_loop_) {
            rs.delay_loop_ = vs.delay_loop_;
        }
        if (!rs.warmup_) {
            rs.warmup_ = vs.warmup_;
        }
        if (!rs.delay_before_retry_) {
            rs.delay_before_retry_ = vs.delay_before_retry_;
        }
        if (!rs.weight_) {
            rs.weight_ = vs.weight_;
        }
        if (!rs.smtp_alert_) {
            // Kept on by default for backward compatibility (unlike the other smtp_alerts).
            rs.smtp_alert_ = smtp_alert_default(c.cfg).value_or(true);
        }
        weight_sum += *rs.weight_;
        auto& ss = vs.sorry_server_;
        if (ss && ss->address_ == rs.address_ && ss->port_ == rs.port_ && ss->inhibit_ != *rs.inhibit_on_failure_) {
            c.ctx.error(vs.location_, fmt::format("Virtual server {}: real server {} matches sorry server, but inhibit "
                                                  "setting differs, {}ing on sorry server",
                                                  vs_name(vs, c), format_rs(rs.address_, rs.port_, vs),
                                                  *rs.inhibit_on_failure_ ? "sett" : "clear"));
            ss->inhibit_ = *rs.inhibit_on_failure_;
        }
        ++i;
    }
}

bool uses_nat(const std::optional<config::Forwarding>& f) {
    return f && f->method_ == ForwardingMethod::nat;
}

void check_group_ports(VirtualServer& vs, const ServerChecks& c) {
    const auto& g = *c.group;
    const auto& ss = vs.sorry_server_;
    const auto name = vs_name(vs, c);
    if (g.has_fwmarks()) {
        for (const auto& rs : vs.real_servers_) {
            if (!uses_nat(rs.forwarding_) && rs.port_ != 0) {
                c.ctx.error(vs.location_, fmt::format("WARNING - fwmark virtual server {}, real server {} has port "
                                                      "specified - port will be ignored",
                                                      name, format_rs(rs.address_, rs.port_, vs)));
            }
        }
        if (ss && !uses_nat(ss->forwarding_) && ss->port_ != 0) {
            c.ctx.error(vs.location_, fmt::format("WARNING - fwmark virtual server {}, sorry server has port specified - "
                                                  "port will be ignored",
                                                  name));
        }
    }
    for (const auto& e : g.entries_) {
        if (e.is_fwmark_) {
            continue;
        }
        for (const auto& rs : vs.real_servers_) {
            if (!uses_nat(rs.forwarding_) && rs.port_ != 0 && e.port_ != rs.port_) {
                c.ctx.error(vs.location_, fmt::format("virtual server {}:[{}] and real server {} ports don't match", name,
                                                      format_vsg_entry(e), format_rs(rs.address_, rs.port_, vs)));
            }
        }
        if (ss && !uses_nat(ss->forwarding_) && ss->port_ != 0 && e.port_ != ss->port_) {
            c.ctx.error(vs.location_, fmt::format("WARNING - virtual server {}, sorry server has port specified - port "
                                                  "will be ignored",
                                                  name));
        }
    }
}

void check_ports(VirtualServer& vs, const ServerChecks& c) {
    const auto name = vs_name(vs, c);
    const bool fwmark = is_fwmark(vs);
    for (auto& rs : vs.real_servers_) {
        if (uses_nat(rs.forwarding_)) {
            if (!fwmark && rs.port_ == 0) {
                rs.port_ = vs.port_;
            }
            continue;
        }
        if (fwmark) {
            if (rs.port_ != 0) {
                c.ctx.error(vs.location_, fmt::format("WARNING - fwmark virtual server {}, real server {} has port "
                                                      "specified - clearing",
                                                      name, format_rs(rs.address_, rs.port_, vs)));
                rs.port_ = 0;
            }
        } else if (rs.port_ == 0) {
            rs.port_ = vs.port_;
        } else if (rs.port_ != vs.port_) {
            c.ctx.error(vs.location_, fmt::format("WARNING - virtual server {} and real server {} ports don't match - "
                                                  "resetting",
                                                  name, format_rs(rs.address_, rs.port_, vs)));
            rs.port_ = vs.port_;
        }
    }
    auto& ss = vs.sorry_server_;
    if (!ss || uses_nat(ss->forwarding_)) {
        return;
    }
    if (fwmark) {
        if (ss->port_ != 0) {
            c.ctx.error(vs.location_,
                        fmt::format("WARNING - virtual server {}, sorry server has port specified - clearing", name));
            ss->port_ = 0;
        }
    } else if (ss->port_ == 0) {
        ss->port_ = vs.port_;
    } else if (ss->port_ != vs.port_) {
        c.ctx.error(vs.location_,
                    fmt::format("WARNING - virtual server {} and sorry server ports don't match - resetting", name));
        ss->port_ = vs.port_;
    }
}

// Returns false when the virtual server is dropped.
bool check_virtual_server(VirtualServer& vs, const ServerChecks& c) {
    auto& ctx = c.ctx;
    const auto* g = c.group;
    if (vs.real_servers_.empty()) {
        ctx.error(vs.location_, fmt::format("Virtual server {} has no real servers - ignoring", vs_name(vs, c)));
        return false;
    }
    if (vs.ha_suspend_ && (is_fwmark(vs) || (g != nullptr && g->has_fwmarks()))) {
        ctx.error(vs.location_, fmt::format("Virtual server {}: cannot use ha_suspend with fwmarks - clearing ha_suspend",
                                            vs_name(vs, c)));
        vs.ha_suspend_ = false;
    }
    if ((g != nullptr && g->has_addresses()) || (g == nullptr && !is_fwmark(vs))) {
        if (vs.protocol_ == config::LvsProtocol::none) {
            ctx.error(vs.location_, fmt::format("Virtual server {}: no protocol set - defaulting to UDP", vs_name(vs, c)));
            vs.protocol_ = config::LvsProtocol::udp;
        }
        if ((vs.flags_ & config::lvs_flag_one_packet) != 0 && vs.protocol_ != config::LvsProtocol::udp) {
            ctx.error(vs.location_,
                      fmt::format("Virtual server {}: one packet scheduling requires UDP - resetting", vs_name(vs, c)));
            vs.flags_ &= ~config::lvs_flag_one_packet;
        }
        if (vs.persistence_timeout_ == 0 && g == nullptr && !is_fwmark(vs) && vs.port_ == 0) {
            ctx.error(vs.location_, fmt::format("Virtual server {}: zero port only valid for persistent services - "
                                                "setting",
                                                vs_name(vs, c)));
            vs.persistence_timeout_ = config::ipvs_persistent_timeout;
        }
    }
    if (vs.persistence_timeout_ == 0 && g != nullptr) {
        for (const auto& e : g->entries_) {
            if (!e.is_fwmark_ && e.port_ == 0) {
                ctx.error(vs.location_, fmt::format("Virtual server {}: zero port only valid for persistent services - "
                                                    "setting",
                                                    vs_name(vs, c)));
                vs.persistence_timeout_ = config::ipvs_persistent_timeout;
                break;
            }
        }
    }
    if (vs.protocol_ != config::LvsProtocol::none &&
        ((g != nullptr && !g->has_addresses() && g->has_fwmarks()) || (g == nullptr && is_fwmark(vs)))) {
        ctx.error(vs.location_, fmt::format("Warning: Virtual server {}: protocol specified for fwmark - protocol will be "
                                            "ignored",
                                            vs_name(vs, c)));
        vs.protocol_ = config::LvsProtocol::none;
    }
    if (!vs.scheduler_) {
        ctx.error(vs.location_, fmt::format("Virtual server {}: no scheduler set, setting default '{}'", vs_name(vs, c),
                                            config::ipvs_default_scheduler));
        vs.scheduler_ = config::ipvs_default_scheduler;
    }
    if (!vs.smtp_alert_) {
        vs.smtp_alert_ = smtp_alert_default(c.cfg).value_or(false);
    }
    unsigned long long weight_sum = 0;
    check_real_servers(vs, c, weight_sum);
    if (vs.sorry_server_) {
        default_forwarding(vs, vs.sorry_server_->forwarding_, c);
    }
    // keepalived sums into an unsigned int.
    const auto sum = static_cast<unsigned>(weight_sum);
    if (vs.quorum_ > sum) {
        ctx.error(vs.location_, fmt::format("Warning - quorum {} for {} exceeds total weight of real servers {}, reducing "
                                            "quorum to {}",
                                            vs.quorum_, vs_name(vs, c), sum, sum));
        vs.quorum_ = sum;
    }
    if (vs.hysteresis_ >= vs.quorum_) {
        // With a quorum of 0 keepalived's quorum - 1 wraps round.
        ctx.error(vs.location_, fmt::format("Virtual server {}: hysteresis {} >= quorum {}; setting hysteresis to {}",
                                            vs_name(vs, c), vs.hysteresis_, vs.quorum_, vs.quorum_ - 1U));
        vs.hysteresis_ = vs.quorum_ - 1U;
    }
    if (g != nullptr) {
        check_group_ports(vs, c);
    } else {
        check_ports(vs, c);
    }
    return true;
}

// ---- checkers: what each takes from its real server ----

void checker_defaults(config::RealServer& rs) {
    using std::chrono::microseconds;
    for (auto& c : rs.checkers_) {
        if (!c.alpha_) {
            c.alpha_ = rs.alpha_;
        }
        if (c.type_ == config::CheckerType::file || c.type_ == config::CheckerType::bfd) {
            continue;  // not launched
        }
        const unsigned default_retry = c.type_ == config::CheckerType::misc  ? 0U
                                       : c.type_ == config::CheckerType::dns ? 3U
                                                                             : 1U;
        if (!c.retry_) {
            c.retry_ = rs.retry_.value_or(default_retry);
        }
        const auto timeout = rs.connect_timeout_;
        if (c.type_ != config::CheckerType::misc && !c.connection_.connect_timeout_) {
            c.connection_.connect_timeout_ = timeout;
        }
        if (auto* smtp = std::get_if<config::SmtpCheck>(&c.detail_)) {
            for (auto& h : smtp->hosts_) {
                if (!h.connect_timeout_) {
                    h.connect_timeout_ = timeout;
                }
            }
        }
        if (!c.delay_loop_) {
            c.delay_loop_ = rs.delay_loop_;
        }
        if (!c.warmup_) {
            c.warmup_ = rs.warmup_ ? rs.warmup_ : c.delay_loop_;
        }
        if (!c.delay_before_retry_) {
            const microseconds fallback = c.type_ == config::CheckerType::http_get ||
                                                  c.type_ == config::CheckerType::ssl_get
                                              ? microseconds{std::chrono::seconds{3}}
                                          : c.type_ == config::CheckerType::dns ? *c.delay_loop_
                                                                                 : microseconds{std::chrono::seconds{1}};
            c.delay_before_retry_ = rs.delay_before_retry_.value_or(fallback);
        }
    }
}

// ---- lvs_sync_daemon against the VRRP instances (the VRRP process's check) ----

void check_sync_daemon(config::Config& cfg, BindContext& ctx) {
    auto* g = cfg.global_.checker_ ? &*cfg.global_.checker_ : nullptr;
    std::optional<std::string> claimed;
    if (g != nullptr && g->lvs_sync_daemon_) {
        claimed = g->lvs_sync_daemon_->interface_;
    }
    for (auto& vi : cfg.instances_) {
        if (!vi.lvs_sync_daemon_interface_) {
            continue;
        }
        if (claimed) {
            ctx.error(vi.location_, fmt::format("({}) lvs_sync_daemon_interface has already been specified as {} - "
                                                "ignoring",
                                                vi.name_, *claimed));
            vi.lvs_sync_daemon_interface_.reset();
        } else {
            claimed = vi.lvs_sync_daemon_interface_;
        }
    }
    if (g == nullptr || !g->lvs_sync_daemon_ || !g->lvs_sync_daemon_->instance_) {
        return;
    }
    const auto& name = *g->lvs_sync_daemon_->instance_;
    const bool found = std::any_of(cfg.instances_.begin(), cfg.instances_.end(),
                                   [&](const config::VrrpInstance& vi) { return vi.name_ == name; });
    if (!found) {
        // keepalived makes this check when it starts, after `-t` has stopped.
        ctx.notice(config::Location{},
                  fmt::format("Unable to find vrrp instance {} for lvs_syncd - clearing lvs_syncd config", name));
        g->lvs_sync_daemon_.reset();
    }
}

// keepalived does not check this: two virtual servers for the same IPVS services (the same
// address, port and protocol, the same mark, or the same group with the same protocol) end
// up in one service, the second add failing with EEXIST. Worth a notice.
void check_duplicates(const config::LvsConfig& lvs, BindContext& ctx) {
    std::unordered_map<std::string, unsigned> ordinals;
    std::unordered_map<std::string, const VirtualServer*> seen;
    seen.reserve(lvs.virtual_servers_.size());
    for (const auto& vs : lvs.virtual_servers_) {
        const unsigned ordinal = vs.kind_ == VirtualServerKind::group ? ordinals[vs.group_]++ : 0;
        std::string key = fmt::format("{}/{}/{}/", static_cast<int>(vs.kind_), vs.family_ ? static_cast<int>(*vs.family_) : -1,
                                      static_cast<int>(vs.protocol_));
        switch (vs.kind_) {
        case VirtualServerKind::group:
            key += vs.group_;
            break;
        case VirtualServerKind::fwmark:
            key += std::to_string(vs.fwmark_);
            break;
        case VirtualServerKind::address:
            key += format_trio(vs.address_, vs.protocol_, vs.port_);
            break;
        }
        const auto [it, fresh] = seen.emplace(std::move(key), &vs);
        if (!fresh) {
            ctx.notice(vs.location_, fmt::format("Virtual server {} programs the same IPVS service(s) as the one defined at "
                                                 "line {}: keepalived merges them",
                                                 format_vs(vs, ordinal), it->second->location_.line_));
        }
    }
}

} // namespace

void validate_lvs(config::Config& cfg, const SystemCatalog& system, Diagnostics& diagnostics) {
    BindContext ctx{diagnostics, system};
    check_sync_daemon(cfg, ctx);
    // Parse-time in keepalived: the users of MISC_CHECK, notify scripts and the LVS FIFO.
    check_script_users(cfg, system, ctx);
    if (!cfg.lvs_) {
        return;
    }
    auto& lvs = *cfg.lvs_;
    link_groups(lvs, ctx);
    std::unordered_map<std::string, unsigned> ordinals;
    std::erase_if(lvs.virtual_servers_, [&](VirtualServer& vs) {
        const VirtualServerGroup* g = nullptr;
        unsigned ordinal = 0;
        if (vs.kind_ == VirtualServerKind::group) {
            g = find_group(lvs, vs.group_);
            ordinal = ordinals[vs.group_]++;
            vs.group_ordinal_ = ordinal;
        }
        return !check_virtual_server(vs, ServerChecks{ctx, cfg, g, ordinal});
    });
    check_duplicates(lvs, ctx);
    for (auto& vs : lvs.virtual_servers_) {
        for (auto& rs : vs.real_servers_) {
            checker_defaults(rs);
        }
    }
    check_lvs_script_security(cfg, system, ctx);
}

} // namespace vigil::parser
