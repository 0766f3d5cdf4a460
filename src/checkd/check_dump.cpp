#include "checkd/check_dump.hpp"

#include "check/protocol_dump.hpp"

#include "ipvs/kernel_rules.hpp"
#include "ipvs/service.hpp"
#include "script/script_spawner.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <chrono>
#include <ctime>
#include <unistd.h>

namespace vigil::checkd {

namespace {

// keepalived's format_decimal(value, TIMER_HZ_DIGITS): seconds with six decimals.
std::string seconds(check::Duration value) {
    return fmt::format("{}.{:06}", value.count() / 1000000, value.count() % 1000000);
}

const char* on_off(bool value) { return value ? "ON" : "OFF"; }
const char* yes_no(bool value) { return value ? "yes" : "no"; }

// keepalived's dump_forwarding_method(): `prefix` goes before "forwarding method", except
// on its GUE and GRE lines (keepalived's own omission, kept).
std::string forwarding_line(std::string_view prefix, ipvs::Forwarding method, ipvs::TunnelType tunnel,
                            std::uint16_t tunnel_port, std::uint16_t tunnel_flags) {
    switch (method) {
    case ipvs::Forwarding::masquerade:
        return fmt::format("   {}forwarding method = NAT", prefix);
    case ipvs::Forwarding::direct_route:
        return fmt::format("   {}forwarding method = DR", prefix);
    case ipvs::Forwarding::tunnel: {
        if (tunnel == ipvs::TunnelType::ipip) {
            return fmt::format("   {}forwarding method = TUN, type = IPIP", prefix);
        }
        const char* checksum = tunnel_flags == ipvs::tunnel_flag::csum      ? ", checksum"
                               : tunnel_flags == ipvs::tunnel_flag::remcsum ? ", remote checksum"
                                                                            : ", no checksum";
        if (tunnel == ipvs::TunnelType::gue) {
            return fmt::format("   forwarding method = TUN, type = GUE, port = {}{}", tunnel_port, checksum);
        }
        return fmt::format("   forwarding method = TUN, type = GRE{}", checksum);
    }
    case ipvs::Forwarding::local:
    case ipvs::Forwarding::bypass:
        break;
    }
    return "   forwarding method =  0x7"; // never set (IP_VS_CONN_F_FWD_MASK)
}

std::string forwarding_line(std::string_view prefix, const check::ServerState& rs) {
    return forwarding_line(prefix, rs.forwarding, rs.tunnel_type, rs.tunnel_port, rs.tunnel_flags);
}

std::string forwarding_line(std::string_view prefix, const std::optional<config::Forwarding>& f) {
    if (!f) {
        return "   forwarding method =  0x7";
    }
    const ipvs::Forwarding method = f->method_ == config::ForwardingMethod::dr    ? ipvs::Forwarding::direct_route
                                    : f->method_ == config::ForwardingMethod::tun ? ipvs::Forwarding::tunnel
                                                                                  : ipvs::Forwarding::masquerade;
    const ipvs::TunnelType tunnel = f->tunnel_type_ == config::TunnelType::gue   ? ipvs::TunnelType::gue
                                    : f->tunnel_type_ == config::TunnelType::gre ? ipvs::TunnelType::gre
                                                                                 : ipvs::TunnelType::ipip;
    const std::uint16_t flags = f->tunnel_checksum_ == config::TunnelChecksum::csum      ? ipvs::tunnel_flag::csum
                                : f->tunnel_checksum_ == config::TunnelChecksum::remcsum ? ipvs::tunnel_flag::remcsum
                                                                                         : 0;
    return forwarding_line(prefix, method, tunnel, f->tunnel_port_, flags);
}

using process::command_text;

// The uid:gid a script runs as: its own user, else the default script user.
std::string owner_text(const std::optional<std::string>& user, const std::optional<std::string>& group,
                       const config::GlobalDefs& g) {
    std::optional<script::ScriptUser> owner;
    if (user) {
        owner = script::resolve_script_user(*user, group);
    } else {
        owner = script::default_script_user(g.script_user_ ? std::optional(g.script_user_->user_) : std::nullopt,
                                            g.script_user_ ? g.script_user_->group_ : std::nullopt);
    }
    const script::ScriptUser id = owner.value_or(script::ScriptUser{::getuid(), ::getgid()});
    return fmt::format("{}:{}", id.uid, id.gid);
}

std::string script_line(std::string_view what, const config::Command& c, const config::GlobalDefs& g) {
    return fmt::format("{} = {}, uid:gid {}", what, command_text(c), owner_text(c.user_, c.group_, g));
}

const char* keepalive_method(config::CheckerType type) {
    switch (type) {
    case config::CheckerType::http_get:
        return "HTTP_GET";
    case config::CheckerType::ssl_get:
        return "SSL_GET";
    case config::CheckerType::tcp:
        return "TCP_CHECK";
    case config::CheckerType::smtp:
        return "SMTP_CHECK";
    case config::CheckerType::dns:
        return "DNS_CHECK";
    case config::CheckerType::misc:
        return "MISC_CHECK";
    case config::CheckerType::udp:
        return "UDP_CHECK";
    case config::CheckerType::ping:
        return "PING_CHECK";
    case config::CheckerType::file:
        return "FILE_CHECK";
    case config::CheckerType::bfd:
        return "BFD_CHECK";
    }
    return "?";
}

void server_lines(std::string& out, const check::ServerState& rs, const config::VirtualServer& vs,
                  const config::GlobalDefs& g) {
    auto line = [&out](const std::string& text) {
        out += text;
        out += '\n';
    };
    line("   ------< Real server >------");
    line(fmt::format("   RIP = {}, RPORT = {}, WEIGHT = {} EFF WEIGHT = {}", rs.address.to_string(), rs.port,
                     check::real_weight(rs.effective_weight), rs.effective_weight));
    line(forwarding_line("", rs));
    const config::RealServer* c = rs.config;
    line(fmt::format("   Alpha is {}", on_off(c != nullptr ? c->alpha_.value_or(vs.alpha_) : vs.alpha_)));
    line(fmt::format("   connection timeout = {}",
                     seconds(c != nullptr ? c->connect_timeout_.value_or(vs.connect_timeout_) : vs.connect_timeout_)));
    line(fmt::format("   connection limit range = {} -> {}", rs.lower_threshold, rs.upper_threshold));
    line(fmt::format("   Delay loop = {}", seconds(c != nullptr ? c->delay_loop_.value_or(vs.delay_loop_) : vs.delay_loop_)));
    const auto retry = c != nullptr && c->retry_ ? c->retry_ : vs.retry_;
    if (retry) {
        line(fmt::format("   Retry count = {}", *retry));
    }
    const auto delay = c != nullptr && c->delay_before_retry_ ? c->delay_before_retry_ : vs.delay_before_retry_;
    if (delay) {
        line(fmt::format("   Retry delay = {}", seconds(*delay)));
    }
    const auto warmup = c != nullptr && c->warmup_ ? c->warmup_ : vs.warmup_;
    if (warmup) {
        line(fmt::format("   Warmup = {}", seconds(*warmup)));
    }
    line(fmt::format("   Inhibit on failure is {}", on_off(rs.inhibit)));
    if (c != nullptr && c->notify_up_) {
        line(script_line("     RS up notify script", *c->notify_up_, g));
    }
    if (c != nullptr && c->notify_down_) {
        line(script_line("     RS down notify script", *c->notify_down_, g));
    }
    if (c != nullptr && c->virtualhost_) {
        line(fmt::format("    VirtualHost = '{}'", *c->virtualhost_));
    }
    line(fmt::format("   Using smtp notification = {}", yes_no(rs.smtp_alert)));
    line(fmt::format("   initial weight = {}", rs.configured_weight));
    line(fmt::format("   effective weight = {}", rs.effective_weight));
    line(fmt::format("   previous effective_weight = {}", rs.previous_weight));
    line(fmt::format("   alive = {}", rs.alive ? 1 : 0));
    line(fmt::format("   num failed checkers = {}", rs.failed_checkers));
    line(fmt::format("   RS set = {}", rs.set ? 1 : 0));
    line(fmt::format("   reloaded = {}", rs.reloaded ? 1 : 0));
}

const char* enabled(std::uint32_t flags, std::uint32_t flag) { return (flags & flag) != 0 ? "enabled" : "disabled"; }

// A group virtual server without a family of its own: keepalived's "IPv4 & IPv6" when the
// group has both, else "unknown".
std::string group_families(const check::VirtualServerState& vs) {
    bool v4 = false;
    bool v6 = false;
    if (vs.group != nullptr) {
        for (const check::GroupEntryState& e : vs.group->entries) {
            const auto family = e.config->is_fwmark_ ? e.config->fwmark_family_ : std::optional(e.config->first_.family());
            v4 = v4 || family == net::Family::ipv4;
            v6 = v6 || family == net::Family::ipv6;
        }
    }
    return v4 && v6 ? "IPv4 & IPv6" : "unknown";
}

std::string protocol_upper(config::LvsProtocol protocol) {
    if (protocol == config::LvsProtocol::none) {
        return "none";
    }
    std::string p = config::lvs_protocol_name(protocol);
    for (char& ch : p) {
        ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    return p;
}

// keepalived's checker->default_delay_before_retry: 1 s, 3 s for HTTP_GET and SSL_GET, 0 for
// DNS_CHECK (which then uses delay_loop).
long long default_delay_before_retry(config::CheckerType type) {
    switch (type) {
    case config::CheckerType::http_get:
    case config::CheckerType::ssl_get:
        return 3000000;
    case config::CheckerType::dns:
        return 0;
    default:
        return 1000000;
    }
}

// The "Connection" block of a socket checker (check_api.c dump_connection_opts); `last_errno`:
// of its last failed socket call (0: none).
void connection_lines(std::string& out, const check::CheckerState& checker, const check::ServerState& rs,
                      const config::VirtualServer& vs, int last_errno) {
    switch (checker.type) {
    case config::CheckerType::misc:
    case config::CheckerType::file:
    case config::CheckerType::bfd:
        return;
    default:
        break;
    }
    const config::ConnectionOptions& co = checker.config->connection_;
    const net::IpAddress address = co.connect_ip_.value_or(rs.address);
    const std::uint16_t port = co.connect_port_.value_or(rs.config != nullptr ? rs.config->configured_port_ : rs.port);
    auto it = std::back_inserter(out);
    fmt::format_to(it, "   Connection\n");
    fmt::format_to(it, "     Dest = [{}]:{}\n", address.to_string(), port);
    if (co.bindto_) {
        fmt::format_to(it, "     Bind to = [{}]:{}\n", co.bindto_->to_string(), co.bind_port_.value_or(0));
    }
    if (co.bind_if_) {
        fmt::format_to(it, "     Bind i/f = {}\n", *co.bind_if_);
    }
    if (co.fwmark_ != 0) {
        fmt::format_to(it, "     Mark = {}\n", co.fwmark_);
    }
    const auto timeout = co.connect_timeout_.value_or(
        rs.config != nullptr ? rs.config->connect_timeout_.value_or(vs.connect_timeout_) : vs.connect_timeout_);
    fmt::format_to(it, "     Timeout = {}\n", seconds(timeout));
    if (last_errno != 0) {
        fmt::format_to(it, "     Last errno = {}\n", last_errno);
    }
}

// check_udp.c dump_udp_check, after "Keepalive method".
void udp_lines(std::string& out, const config::UdpCheck& udp) {
    auto it = std::back_inserter(out);
    if (!udp.payload_.empty()) {
        fmt::format_to(it, "   Payload len = {}\n", udp.payload_.size());
    } else {
        fmt::format_to(it, "   Payload specified = no\n");
    }
    fmt::format_to(it, "   Require reply = {}\n", yes_no(udp.require_reply_));
    if (udp.require_reply_) {
        fmt::format_to(it, "     Min reply length = {}\n", udp.min_reply_length_);
        fmt::format_to(it, "     Max reply length = {}\n", udp.max_reply_length_);
        fmt::format_to(it, "     Reply data len = {}\n", udp.reply_.size());
        if (!udp.reply_.empty()) {
            fmt::format_to(it, "     Reply data mask = {}\n", yes_no(!udp.reply_mask_.empty()));
        }
    }
}

// A steady-clock instant as keepalived prints a timeval: "SECONDS.USEC (ctime.USEC)"; never
// (the epoch of the steady clock): 0, as keepalived's zeroed last_ran.
std::string wall_time(check::TimePoint at) {
    std::int64_t us = 0;
    if (at != check::TimePoint{}) {
        const auto age = check::Clock::now() - at;
        us = std::chrono::duration_cast<std::chrono::microseconds>(
                 (std::chrono::system_clock::now() - age).time_since_epoch())
                 .count();
    }
    const std::time_t whole = static_cast<std::time_t>(us / 1000000);
    std::array<char, 32> text{};
    ::ctime_r(&whole, text.data());
    return fmt::format("{}.{:06} ({:.24}.{:06})", whole, us % 1000000, text.data(), us % 1000000);
}

} // namespace

std::string format_check_data(const config::Config& config, const process::GlobalFacts& facts,
                              const check::Engine& engine, const std::vector<int>& last_errnos) {
    std::string out = process::format_global_definitions(config.global_, config.root_, facts);
    auto line = [&out](std::string_view text) {
        out += text;
        out += '\n';
    };
    const config::GlobalDefs& g = config.global_;
    if (!engine.virtual_servers().empty()) {
        line("------< LVS Topology >------");
        line(" System is compiled with LVS v1.2.1");
    }
    for (const check::VirtualServerState& vs : engine.virtual_servers()) {
        const config::VirtualServer& c = *vs.config;
        line(" ------< Virtual server >------");
        if (vs.group != nullptr) {
            line(fmt::format(" VS GROUP = {}", vs.name));
        } else if (c.kind_ == config::VirtualServerKind::fwmark && c.fwmark_ != 0) {
            line(fmt::format(" VS FWMARK = {}", c.fwmark_));
        } else {
            line(fmt::format(" VS VIP = {}, VPORT = {}", c.address_.to_string(), c.port_));
        }
        if (c.virtualhost_) {
            line(fmt::format("   VirtualHost = {}", *c.virtualhost_));
        }
        if (vs.family) {
            line(fmt::format("   Address family = inet{}", *vs.family == net::Family::ipv4 ? "" : "6"));
        } else {
            line(fmt::format("   Address family = {}", group_families(vs)));
        }
        line(fmt::format("   connection timeout = {}", seconds(c.connect_timeout_)));
        line(fmt::format("   delay_loop = {}", seconds(c.delay_loop_)));
        const std::string scheduler = c.scheduler_.value_or(config::ipvs_default_scheduler);
        line(fmt::format("   lvs_sched = {}", scheduler));
        line(fmt::format("   Hashed = {}", enabled(c.flags_, ipvs::kernel_rules::hashed_flag)));
        if (scheduler == "sh" || scheduler == "mh") {
            line(fmt::format("   {}-port = {}", scheduler, enabled(c.flags_, ipvs::service_flag::sched2)));
            line(fmt::format("   {}-fallback = {}", scheduler, enabled(c.flags_, ipvs::service_flag::sched1)));
        } else {
            line(fmt::format("   flag-1 = {}", enabled(c.flags_, ipvs::service_flag::sched1)));
            line(fmt::format("   flag-2 = {}", enabled(c.flags_, ipvs::service_flag::sched2)));
            line(fmt::format("   flag-3 = {}", enabled(c.flags_, ipvs::service_flag::sched3)));
        }
        const bool one_packet = (c.flags_ & ipvs::service_flag::one_packet) != 0;
        line(fmt::format("   One packet scheduling = {}{}", enabled(c.flags_, ipvs::service_flag::one_packet),
                         one_packet && vs.protocol != config::LvsProtocol::udp ? " (inactive due to not UDP)" : ""));
        if (c.persistence_timeout_ != 0) {
            line(fmt::format("   persistence timeout = {}", c.persistence_timeout_));
        }
        if (c.persistence_granularity_) {
            const auto& pg = *c.persistence_granularity_;
            line(fmt::format("   persistence granularity = {}", pg.family_ == net::Family::ipv6
                                                                    ? std::to_string(pg.prefix_)
                                                                    : pg.netmask_.to_string()));
        }
        line(fmt::format("   protocol = {}", protocol_upper(vs.protocol)));
        line(fmt::format("   alpha is {}", on_off(c.alpha_)));
        line(fmt::format("   omega is {}", on_off(c.omega_)));
        if (c.retry_) {
            line(fmt::format("   Retry count = {}", *c.retry_));
        }
        if (c.delay_before_retry_) {
            line(fmt::format("   Retry delay = {}", seconds(*c.delay_before_retry_)));
        }
        if (c.warmup_) {
            line(fmt::format("   Warmup = {}", seconds(*c.warmup_)));
        }
        line(fmt::format("   Inhibit on failure is {}", on_off(c.inhibit_on_failure_)));
        line(fmt::format("   quorum = {}, hysteresis = {}", c.quorum_, c.hysteresis_));
        if (c.quorum_up_) {
            line(script_line("   Quorum up notify script", *c.quorum_up_, g));
        }
        if (c.quorum_down_) {
            line(script_line("   Quorum down notify script", *c.quorum_down_, g));
        }
        if (c.ha_suspend_) {
            line("   Using HA suspend");
        }
        line(fmt::format("   Using smtp notification = {}", yes_no(vs.smtp_alert)));
        line(forwarding_line("default ", c.forwarding_));
        if (vs.sorry) {
            line(fmt::format("   sorry server {}= {}", vs.sorry_duplicates_rs ? "(duplicates rs) " : "", vs.sorry->name));
            line(forwarding_line("  ", *vs.sorry));
            line(fmt::format("     Inhibit on failure is {}", on_off(vs.sorry->inhibit)));
        }
        line(fmt::format("   alive = {}", vs.alive ? 1 : 0));
        line(fmt::format("   quorum_state_up = {}", vs.quorum_up ? 1 : 0));
        line(fmt::format("   reloaded = {}", vs.reloaded ? 1 : 0));
        for (const check::ServerState& rs : vs.servers) {
            server_lines(out, rs, c, g);
        }
    }
    if (!engine.checkers().empty()) {
        line("------< Health checkers >------");
    }
    for (check::CheckerId id = 0; id < engine.checkers().size(); ++id) {
        const check::CheckerState& checker = engine.checkers()[id];
        const check::VirtualServerState& vs = engine.virtual_servers()[checker.vs];
        const check::ServerState& rs = vs.servers[checker.rs];
        line(fmt::format(" {} -> {}", vs.name, rs.name));
        line(fmt::format("   Enabled = {}", yes_no(checker.enabled)));
        line(fmt::format("   Up = {}", yes_no(checker.is_up)));
        line(fmt::format("   Has run = {}", yes_no(checker.has_run)));
        line(fmt::format("   Current weight = {}", checker.cur_weight));
        if (checker.type != config::CheckerType::file) {
            line(fmt::format("   Alpha = {}", yes_no(checker.alpha)));
            line(fmt::format("   Delay loop = {} us", checker.delay_loop.count()));
            line(fmt::format("   Warmup = {} us", checker.warmup.count()));
            line(fmt::format("   Retries = {}", checker.retry));
            if (checker.retry != 0) {
                line(fmt::format("   Delay before retry = {} us", checker.delay_before_retry.count()));
                line(fmt::format("   Retries iterations = {}", checker.retry_it));
            }
            line(fmt::format("   Default delay before retry = {} us", default_delay_before_retry(checker.type)));
        }
        line(fmt::format("   Log all failures = {}", yes_no(checker.log_all_failures)));
        connection_lines(out, checker, rs, *vs.config, id < last_errnos.size() ? last_errnos[id] : 0);
        if (std::holds_alternative<config::HttpCheck>(checker.config->detail_) ||
            std::holds_alternative<config::SmtpCheck>(checker.config->detail_) ||
            std::holds_alternative<config::DnsCheck>(checker.config->detail_)) {
            check::append_protocol_dump(out, checker, *config.lvs_);
            continue;
        }
        line(fmt::format("   Keepalive method = {}", keepalive_method(checker.type)));
        if (const auto* udp = std::get_if<config::UdpCheck>(&checker.config->detail_)) {
            udp_lines(out, *udp);
        }
        if (checker.type == config::CheckerType::misc) {
            const auto& misc = std::get<config::MiscCheck>(checker.config->detail_);
            if (misc.script_) {
                line(fmt::format("   script = {}", command_text(*misc.script_)));
            }
            line(fmt::format("   timeout = {}", std::chrono::duration_cast<std::chrono::seconds>(checker.script_timeout).count()));
            line(fmt::format("   dynamic = {}", checker.dynamic ? "YES" : "NO"));
            line(fmt::format("   uid:gid = {}", misc.user_ ? owner_text(misc.user_->name_, misc.user_->group_, g)
                                                            : owner_text(std::nullopt, std::nullopt, g)));
            line(fmt::format("   Last ran = {}", wall_time(checker.last_ran)));
            line(fmt::format("   Last status = {}", checker.last_exit_code));
        }
    }
    return out;
}

} // namespace vigil::checkd
