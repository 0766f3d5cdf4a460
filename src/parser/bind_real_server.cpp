// real_server ADDR [PORT] { ... } inside a virtual_server (keepalived check_parser.c rs_*
// handlers, check_data.c alloc_rs; reference keepalived-2.2.7-lvs-checkers.md §3.4).
#include "parser/bind_lvs.hpp"
#include "parser/lvs_format.hpp"
#include "parser/read_number.hpp"

#include <fmt/format.h>

#include <climits>
#include <vector>

namespace vigil::parser {

namespace {

using config::RealServer;

std::string group_or_null(const config::VirtualServer& vs) {
    return vs.kind_ == config::VirtualServerKind::group ? vs.group_ : std::string{"(null)"};
}

void weight(BindContext& ctx, const Statement& s, RsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, config::ipvs_weight_limit)) {
        t.rs.weight_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where,
                  fmt::format("Real server weight {} is outside range 0-{}", *text, config::ipvs_weight_limit));
    }
}

void lvs_method(BindContext& ctx, const Statement& s, RsScope& t) {
    bind_forwarding(ctx, s, t.rs.forwarding_, "real");
}

void threshold(BindContext& ctx, const Statement& s, unsigned& target) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, UINT_MAX)) {
        target = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid real_server {} '{}' - ignoring", s.keyword(), *text));
    }
}

void uthreshold(BindContext& ctx, const Statement& s, RsScope& t) {
    threshold(ctx, s, t.rs.uthreshold_);
}

void lthreshold(BindContext& ctx, const Statement& s, RsScope& t) {
    threshold(ctx, s, t.rs.lthreshold_);
}

void inhibit_on_failure(BindContext& ctx, const Statement& s, RsScope& t) {
    if (auto v = bind_bool(ctx, s, "Invalid inhibit_on_failure parameter")) {
        t.rs.inhibit_on_failure_ = *v;
    }
}

void notify(BindContext& ctx, const Statement& s, config::OptionalCommand& target, const config::VirtualServer& vs) {
    if (target) {
        ctx.error(s.words[0].where, fmt::format("({}) {} script already specified - ignoring {}", group_or_null(vs),
                                                s.keyword(), ctx.text(s, 1)));
        return;
    }
    if (auto c = bind_script(ctx, s)) {
        target = std::move(*c);
    }
}

void notify_up(BindContext& ctx, const Statement& s, RsScope& t) {
    notify(ctx, s, t.rs.notify_up_, t.vs);
}

void notify_down(BindContext& ctx, const Statement& s, RsScope& t) {
    notify(ctx, s, t.rs.notify_down_, t.vs);
}

void alpha(BindContext& ctx, const Statement& s, RsScope& t) {
    if (auto v = bind_bool(ctx, s, "Invalid alpha parameter")) {
        t.rs.alpha_ = *v;
    }
}

void retry(BindContext& ctx, const Statement& s, RsScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, UINT32_MAX)) {
        t.rs.retry_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("retry value invalid - {}", *text));
    }
}

void timer(BindContext& ctx, const Statement& s, unsigned long min_us, unsigned long max_us, std::string_view message,
           std::optional<std::chrono::microseconds>& target) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_timer(ctx, s.words[1].where, *text, min_us, max_us)) {
        target = *v;
    } else {
        ctx.error(s.words[1].where, fmt::format(fmt::runtime(message), *text));
    }
}

void delay_before_retry(BindContext& ctx, const Statement& s, RsScope& t) {
    timer(ctx, s, 0, 0, "real server delay_before_retry '{}' invalid - ignoring", t.rs.delay_before_retry_);
}

void warmup(BindContext& ctx, const Statement& s, RsScope& t) {
    timer(ctx, s, 0, 0, "real server warmup '{}' invalid - ignoring", t.rs.warmup_);
}

void connect_timeout(BindContext& ctx, const Statement& s, RsScope& t) {
    timer(ctx, s, 1, UINT_MAX, "real server connect_timeout {} invalid - ignoring", t.rs.connect_timeout_);
}

void delay_loop(BindContext& ctx, const Statement& s, RsScope& t) {
    timer(ctx, s, 1, 0, "real server delay_loop '{}' invalid - ignoring", t.rs.delay_loop_);
}

void smtp_alert(BindContext& ctx, const Statement& s, RsScope& t) {
    if (auto v = bind_bool(ctx, s, "Invalid real_server smtp_alert parameter")) {
        t.rs.smtp_alert_ = *v;
    }
}

void virtualhost(BindContext& ctx, const Statement& s, RsScope& t) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "real server virtualhost missing");
        return;
    }
    t.rs.virtualhost_ = std::string{s.words[1].text};
}

void snmp_name(BindContext& ctx, const Statement& s, RsScope& t) {
    if (s.words.size() != 2) {
        ctx.error(s.words[0].where, "real server snmp_name missing or extra parameters");
        return;
    }
    t.rs.snmp_name_ = std::string{s.words[1].text};
}

void checker(BindContext& ctx, const Statement& s, RsScope& t) {
    bind_checker(ctx, s, t);
}

constexpr Keyword<RsScope> rs_keywords[] = {
    {"weight", Shape::line, weight},
    {"lvs_method", Shape::line, lvs_method},
    {"uthreshold", Shape::line, uthreshold},
    {"lthreshold", Shape::line, lthreshold},
    {"inhibit_on_failure", Shape::line, inhibit_on_failure},
    {"notify_up", Shape::line, notify_up},
    {"notify_down", Shape::line, notify_down},
    {"alpha", Shape::line, alpha},
    {"retry", Shape::line, retry},
    {"delay_before_retry", Shape::line, delay_before_retry},
    {"warmup", Shape::line, warmup},
    {"connect_timeout", Shape::line, connect_timeout},
    {"delay_loop", Shape::line, delay_loop},
    {"smtp_alert", Shape::line, smtp_alert},
    {"virtualhost", Shape::line, virtualhost},
    {"snmp_name", Shape::line, snmp_name},
    {"HTTP_GET", Shape::block, checker},
    {"SSL_GET", Shape::block, checker},
    {"TCP_CHECK", Shape::block, checker},
    {"SMTP_CHECK", Shape::block, checker},
    {"DNS_CHECK", Shape::block, checker},
    {"MISC_CHECK", Shape::block, checker},
    {"UDP_CHECK", Shape::block, checker},
    {"PING_CHECK", Shape::block, checker},
    {"FILE_CHECK", Shape::block, checker},
    {"BFD_CHECK", Shape::block, checker},
};

} // namespace

void bind_real_server(BindContext& ctx, const Statement& s, VsScope& scope) {
    auto& vs = scope.vs;
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    const std::string_view port_text = s.words.size() > 2 ? s.words[2].text : std::string_view{};
    RealServer rs;
    rs.location_ = BindContext::location(s.where);
    bool ok = true;
    if (s.words.size() > 2 && port_text.find_first_not_of('0') != std::string_view::npos) {
        if (auto v = read_unsigned(ctx, s.words[2].where, port_text, 1, 65535)) {
            rs.configured_port_ = static_cast<std::uint16_t>(*v);
        } else {
            ok = false;
        }
    }
    const auto address = ok ? parse_socket_address(*text) : std::nullopt;
    if (!address) {
        ctx.error(s.words[1].where, fmt::format("Invalid real server ip address/port {}/{} - skipping", *text,
                                                s.words.size() > 2 ? port_text : std::string_view{"(null)"}));
        return;
    }
    rs.address_ = *address;
    rs.port_ = rs.configured_port_;
    rs.forwarding_ = vs.forwarding_;  // keepalived copies the method when it reads the server
    auto& bound = vs.real_servers_.emplace_back(std::move(rs));
    RsScope rs_scope{vs, bound, scope.cfg};
    bind_block<RsScope>(ctx, s.block, rs_keywords, rs_scope);
    // The end of the block (rs_end_handler): a tunnelled server may be of another family.
    if (bound.forwarding_ && bound.forwarding_->method_ == config::ForwardingMethod::tun) {
        return;
    }
    if (!vs.family_) {
        vs.family_ = bound.address_.family();
    } else if (*vs.family_ != bound.address_.family()) {
        ctx.error(s.block_close.line != 0 ? s.block_close : s.where,
                  fmt::format("Address family of virtual server and real server {} don't match - skipping real server.",
                              bound.address_.to_string()));
        for (auto& c : bound.checkers_) {
            if (c.type_ == config::CheckerType::misc) {
                scope.detached.push_back(std::move(c));
            }
        }
        vs.real_servers_.pop_back();
    }
}

} // namespace vigil::parser
