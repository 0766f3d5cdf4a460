// virtual_server ADDR [PORT] | fwmark N | group NAME { ... } (keepalived check_parser.c,
// check_data.c alloc_vs/alloc_ssvr; reference keepalived-2.2.7-lvs-checkers.md §3.3).
#include "parser/bind_lvs.hpp"
#include "parser/lvs_format.hpp"
#include "parser/read_number.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>
#include <climits>
#include <cstring>

namespace vigil::parser {

namespace {

using net::Family;
using config::VirtualServer;

constexpr std::string_view schedulers[] = {"rr", "wrr", "lc", "wlc", "lblc", "sh", "mh",
                                           "dh", "fo", "ovf", "lblcr", "sed", "nq", "twos"};

void ip_family(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    Family family{};
    if (*text == "inet") {
        family = Family::ipv4;
    } else if (*text == "inet6") {
        family = Family::ipv6;
    } else {
        ctx.error(s.words[1].where, fmt::format("unknown address family {}", *text));
        return;
    }
    if (t.vs.family_ && *t.vs.family_ != family) {
        ctx.error(s.words[1].where, fmt::format("Virtual server specified family {} conflicts with server family", *text));
        return;
    }
    t.vs.family_ = family;
    t.vs.ip_family_ = family;
}

void retry(BindContext& ctx, const Statement& s, VsScope& t) {
    if (auto v = bind_server_retry(ctx, s)) {
        t.vs.retry_ = *v;
    }
}

void delay_before_retry(BindContext& ctx, const Statement& s, VsScope& t) {
    if (auto v = bind_timer(ctx, s, 0, 0, "virtual server delay before retry '{}' invalid - ignoring")) {
        t.vs.delay_before_retry_ = *v;
    }
}

void warmup(BindContext& ctx, const Statement& s, VsScope& t) {
    if (auto v = bind_timer(ctx, s, 0, 0, "virtual server warmup '{}' invalid - ignoring")) {
        t.vs.warmup_ = *v;
    }
}

void connect_timeout(BindContext& ctx, const Statement& s, VsScope& t) {
    if (auto v = bind_timer(ctx, s, 1, UINT_MAX, "virtual server connect_timeout {} invalid - ignoring")) {
        t.vs.connect_timeout_ = *v;
    }
}

void delay_loop(BindContext& ctx, const Statement& s, VsScope& t) {
    if (auto v = bind_timer(ctx, s, 1, 0, "virtual server delay loop '{}' invalid - ignoring")) {
        t.vs.delay_loop_ = *v;
    }
}

void inhibit_on_failure(BindContext&, const Statement&, VsScope& t) {
    t.vs.inhibit_on_failure_ = true;
}

void lvs_sched(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    for (const auto name : schedulers) {
        if (name == *text) {
            t.vs.scheduler_ = std::string{*text};
            return;
        }
    }
    ctx.error(s.words[1].where, fmt::format("Invalid lvs_scheduler '{}' - ignoring", *text));
}

// ops, flag-1..3, sh-port/sh-fallback (sh only), mh-port/mh-fallback (mh only), hashed.
void scheduler_flag(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto kw = s.keyword();
    auto& flags = t.vs.flags_;
    if (kw == "ops") {
        flags |= config::lvs_flag_one_packet;
    } else if (kw == "flag-1") {
        flags |= config::lvs_flag_sched1;
    } else if (kw == "flag-2") {
        flags |= config::lvs_flag_sched2;
    } else if (kw == "flag-3") {
        flags |= config::lvs_flag_sched3;
    } else if (t.vs.scheduler_ == "sh") {
        if (kw == "sh-port") {
            flags |= config::lvs_flag_sched2;
        } else if (kw == "sh-fallback") {
            flags |= config::lvs_flag_sched1;
        }
    } else if (t.vs.scheduler_ == "mh") {
        if (kw == "mh-port") {
            flags |= config::lvs_flag_sched2;
        } else if (kw == "mh-fallback") {
            flags |= config::lvs_flag_sched1;
        }
    } else {
        ctx.error(s.words[0].where, fmt::format("{} only applies to sh scheduler - ignoring", kw));
    }
}

void lvs_method(BindContext& ctx, const Statement& s, VsScope& t) {
    bind_forwarding(ctx, s, t.vs.forwarding_, "virtual");
}

void persistence_engine(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    constexpr std::size_t max_length = 15;  // IP_VS_PENAME_MAXLEN - 1
    if (text->size() > max_length) {
        ctx.error(s.words[1].where, fmt::format("persistence_name too long, truncating - {}", *text));
    }
    t.vs.persistence_engine_ = std::string{text->substr(0, max_length)};
}

void persistence_timeout(BindContext& ctx, const Statement& s, VsScope& t) {
    if (s.words.size() < 2) {
        t.vs.persistence_timeout_ = config::ipvs_persistent_timeout;
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, s.words[1].text, 1, config::lvs_max_timeout)) {
        t.vs.persistence_timeout_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, "persistence_timeout invalid");
    }
}

void persistence_granularity(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    Family family = t.vs.family_.value_or(text->find('.') != std::string_view::npos ? Family::ipv4 : Family::ipv6);
    config::PersistenceGranularity g;
    g.family_ = family;
    if (family == Family::ipv6) {
        const auto v = read_unsigned(ctx, s.words[1].where, *text, 1, 128);
        if (!v) {
            ctx.error(s.words[1].where, fmt::format("Invalid IPv6 persistence_granularity specified - {}", *text));
            return;
        }
        g.prefix_ = static_cast<unsigned>(*v);
    } else {
        // getaddrinfo(AI_NUMERICHOST, AF_INET) accepts inet_aton's forms ("255.255", "24").
        in_addr a{};
        if (inet_aton(std::string{*text}.c_str(), &a) == 0) {
            ctx.error(s.words[1].where, fmt::format("Invalid IPv4 persistence_granularity specified - {}", *text));
            return;
        }
        std::array<std::uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), &a.s_addr, 4);
        g.netmask_ = net::IpAddress{Family::ipv4, bytes};
    }
    t.vs.persistence_granularity_ = g;
    if (!t.vs.family_) {
        t.vs.family_ = family;
    }
    if (t.vs.persistence_timeout_ == 0) {
        t.vs.persistence_timeout_ = config::ipvs_persistent_timeout;
    }
}

void protocol(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    const std::string upper = [&] {
        std::string out{*text};
        for (auto& c : out) {
            c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        }
        return out;
    }();
    if (upper == "TCP") {
        t.vs.protocol_ = config::LvsProtocol::tcp;
    } else if (upper == "SCTP") {
        t.vs.protocol_ = config::LvsProtocol::sctp;
    } else if (upper == "UDP") {
        t.vs.protocol_ = config::LvsProtocol::udp;
    } else {
        ctx.error(s.words[1].where, fmt::format("Unknown protocol {} - ignoring", *text));
    }
}

void ha_suspend(BindContext&, const Statement&, VsScope& t) {
    t.vs.ha_suspend_ = true;
}

void smtp_alert(BindContext& ctx, const Statement& s, VsScope& t) {
    if (auto v = bind_bool(ctx, s, "Invalid virtual_server smtp_alert parameter")) {
        t.vs.smtp_alert_ = *v;
    }
}

void virtualhost(BindContext& ctx, const Statement& s, VsScope& t) {
    if (auto v = bind_virtualhost(ctx, s, "virtual server")) {
        t.vs.virtualhost_ = std::move(*v);
    }
}

void snmp_name(BindContext& ctx, const Statement& s, VsScope& t) {
    if (auto v = bind_snmp_name(ctx, s, "virtual server")) {
        t.vs.snmp_name_ = std::move(*v);
    }
}

void alpha(BindContext&, const Statement&, VsScope& t) {
    t.vs.alpha_ = true;
}

void omega(BindContext&, const Statement&, VsScope& t) {
    t.vs.omega_ = true;
}

void quorum_up(BindContext& ctx, const Statement& s, VsScope& t) {
    bind_once_script(ctx, s, t.vs.quorum_up_, t.vs);
}

void quorum_down(BindContext& ctx, const Statement& s, VsScope& t) {
    bind_once_script(ctx, s, t.vs.quorum_down_, t.vs);
}

void quorum(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, UINT_MAX)) {
        t.vs.quorum_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Quorum {} must be in [1, {}]. Setting to 1.", *text, UINT_MAX));
        t.vs.quorum_ = 1;
    }
}

void hysteresis(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, UINT_MAX)) {
        t.vs.hysteresis_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Hysteresis {} must be in [0, {}] - ignoring", *text, UINT_MAX));
    }
}

void weight(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, config::ipvs_weight_limit)) {
        t.vs.weight_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where,
                  fmt::format("Virtual server weight {} is outside range 1-{}", *text, config::ipvs_weight_limit));
    }
}

// ADDR [PORT] of a server: a port of only zeros is no port (keepalived 2.0.7 compatibility);
// nullopt after read_unsigned's message when the port is bad.
struct ServerAddress {
    std::optional<net::IpAddress> address;
    std::uint16_t port{0};
    bool port_given{false};
};

ServerAddress server_address(BindContext& ctx, const Statement& s, std::size_t index) {
    ServerAddress out;
    const auto text = ctx.word(s, index);
    if (!text) {
        return out;
    }
    if (s.words.size() > index + 1) {
        const auto port = s.words[index + 1].text;
        if (port.find_first_not_of('0') != std::string_view::npos) {
            out.port_given = true;
            const auto v = read_unsigned(ctx, s.words[index + 1].where, port, 1, 65535);
            if (!v) {
                return out;
            }
            out.port = static_cast<std::uint16_t>(*v);
        }
    }
    out.address = parse_socket_address(*text);
    return out;
}

void sorry_server(BindContext& ctx, const Statement& s, VsScope& t) {
    const auto a = server_address(ctx, s, 1);
    if (!a.address) {
        if (s.words.size() > 1) {
            ctx.error(s.words[1].where, fmt::format("Invalid sorry server IP address {} - skipping", s.words[1].text));
        }
        return;
    }
    config::SorryServer ss;
    ss.address_ = *a.address;
    ss.port_ = a.port;
    ss.forwarding_ = t.vs.forwarding_;
    t.vs.sorry_server_ = std::move(ss);
}

void sorry_server_inhibit(BindContext& ctx, const Statement& s, VsScope& t) {
    if (!t.vs.sorry_server_) {
        ctx.error(s.words[0].where, "Ignoring sorry_server inhibit used before or without sorry_server");
        return;
    }
    t.vs.sorry_server_->inhibit_ = true;
}

void sorry_server_lvs_method(BindContext& ctx, const Statement& s, VsScope& t) {
    if (!t.vs.sorry_server_) {
        ctx.error(s.words[0].where, "sorry_server forwarding used without sorry_server");
        return;
    }
    bind_forwarding(ctx, s, t.vs.sorry_server_->forwarding_, "sorry");
}

void real_server(BindContext& ctx, const Statement& s, VsScope& t) {
    bind_real_server(ctx, s, t);
}

constexpr Keyword<VsScope> vs_keywords[] = {
    {"ip_family", Shape::line, ip_family},
    {"retry", Shape::line, retry},
    {"delay_before_retry", Shape::line, delay_before_retry},
    {"warmup", Shape::line, warmup},
    {"connect_timeout", Shape::line, connect_timeout},
    {"delay_loop", Shape::line, delay_loop},
    {"inhibit_on_failure", Shape::line, inhibit_on_failure},
    {"lb_algo", Shape::line, lvs_sched},
    {"lvs_sched", Shape::line, lvs_sched},
    {"hashed", Shape::line, scheduler_flag},
    {"ops", Shape::line, scheduler_flag},
    {"flag-1", Shape::line, scheduler_flag},
    {"flag-2", Shape::line, scheduler_flag},
    {"flag-3", Shape::line, scheduler_flag},
    {"sh-port", Shape::line, scheduler_flag},
    {"sh-fallback", Shape::line, scheduler_flag},
    {"mh-port", Shape::line, scheduler_flag},
    {"mh-fallback", Shape::line, scheduler_flag},
    {"lb_kind", Shape::line, lvs_method},
    {"lvs_method", Shape::line, lvs_method},
    {"persistence_engine", Shape::line, persistence_engine},
    {"persistence_timeout", Shape::line, persistence_timeout},
    {"persistence_granularity", Shape::line, persistence_granularity},
    {"protocol", Shape::line, protocol},
    {"ha_suspend", Shape::line, ha_suspend},
    {"smtp_alert", Shape::line, smtp_alert},
    {"virtualhost", Shape::line, virtualhost},
    {"snmp_name", Shape::line, snmp_name},
    {"alpha", Shape::line, alpha},
    {"omega", Shape::line, omega},
    {"quorum_up", Shape::line, quorum_up},
    {"quorum_down", Shape::line, quorum_down},
    {"quorum", Shape::line, quorum},
    {"hysteresis", Shape::line, hysteresis},
    {"weight", Shape::line, weight},
    {"sorry_server", Shape::line, sorry_server},
    {"sorry_server_inhibit", Shape::line, sorry_server_inhibit},
    {"sorry_server_lvs_method", Shape::line, sorry_server_lvs_method},
    {"real_server", Shape::block, real_server},
};

// The end of the block (vs_end_handler): the sorry server's family, and the family of a
// fwmark virtual server whose servers are all tunnelled.
void end_of_block(BindContext& ctx, const Statement& s, VirtualServer& vs) {
    auto& ss = vs.sorry_server_;
    const bool ss_tunnel = ss && ss->forwarding_ && ss->forwarding_->method_ == config::ForwardingMethod::tun;
    if (ss && !ss_tunnel) {
        if (!vs.family_) {
            vs.family_ = ss->address_.family();
        } else if (*vs.family_ != ss->address_.family()) {
            ctx.error(s.block_close.line != 0 ? s.block_close : s.where,
                      fmt::format("Address family of virtual server and sorry server {} don't match - skipping sorry "
                                  "server.",
                                  ss->address_.to_string()));
            ss.reset();
        }
    }
    if (!vs.family_ && vs.kind_ != config::VirtualServerKind::group) {
        bool mixed = false;
        if (ss) {
            vs.family_ = ss->address_.family();
        }
        for (const auto& rs : vs.real_servers_) {
            if (!vs.family_) {
                vs.family_ = rs.address_.family();
            } else if (*vs.family_ != rs.address_.family()) {
                mixed = true;
                break;
            }
        }
        if (mixed || !vs.family_) {
            vs.family_ = Family::ipv4;
        }
    }
}

} // namespace

void bind_virtual_server(BindContext& ctx, const Statement& s, config::Config& cfg) {
    if (!cfg.lvs_) {
        cfg.lvs_.emplace();
    }
    auto& lvs = *cfg.lvs_;
    lvs.has_virtual_server_keyword_ = true;
    const auto first = ctx.word(s, 1);
    if (!first) {
        return;
    }
    VirtualServer vs;
    vs.location_ = BindContext::location(s.where);
    if (*first == "group") {
        const auto name = ctx.word(s, 2);
        if (!name) {
            return;
        }
        vs.kind_ = config::VirtualServerKind::group;
        vs.group_ = std::string{*name};
    } else if (*first == "fwmark") {
        const auto mark = ctx.word(s, 2);
        if (!mark) {
            return;
        }
        const auto v = read_unsigned(ctx, s.words[2].where, *mark, 0, UINT32_MAX);
        if (!v) {
            ctx.error(s.words[2].where,
                      fmt::format("virtual server fwmark '{}' must be in [0, {}] - ignoring", *mark, UINT32_MAX));
            return;
        }
        vs.kind_ = config::VirtualServerKind::fwmark;
        vs.fwmark_ = static_cast<std::uint32_t>(*v);
    } else {
        const auto a = server_address(ctx, s, 1);
        if (!a.address) {
            const std::string port = a.port_given ? std::string{s.words[2].text} : std::string{};
            ctx.error(s.words[1].where, fmt::format("Invalid virtual server IP address{} {}{}{} - skipping",
                                                    a.port_given ? "/port" : "", *first, a.port_given ? "/" : "", port));
            return;
        }
        vs.address_ = *a.address;
        vs.port_ = a.port;
        vs.family_ = a.address->family();
    }
    // Bound in place: its real servers are read while it is the last virtual server.
    auto& bound = lvs.virtual_servers_.emplace_back(std::move(vs));
    VsScope scope{bound, cfg, lvs.detached_checkers_};
    bind_block<VsScope>(ctx, s.block, vs_keywords, scope);
    end_of_block(ctx, s, bound);
}

} // namespace vigil::parser
