// The checker blocks of a real server: the keywords every checker shares (keepalived
// check_api.c), TCP_CHECK, PING_CHECK and SMTP_CHECK (check_tcp.c, check_ping.c,
// check_smtp.c), and the dispatch to the other types (bind_http_check.cpp,
// bind_check_types.cpp).
// Reference keepalived-2.2.7-lvs-checkers.md §3.5.
#include "parser/bind_lvs.hpp"
#include "parser/lvs_format.hpp"
#include "parser/read_number.hpp"

#include <fmt/format.h>

#include <climits>
#include <vector>

namespace vigil::parser {

namespace {

using config::CheckerType;
using net::Family;

// ---- connection keywords ----

void connect_ip(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || t.dropped) {
        return;
    }
    const auto a = parse_socket_address(*text);
    if (!a) {
        ctx.error(s.words[1].where, fmt::format("Invalid connect_ip address {} - ignoring", *text));
        t.destination_family.reset();
        t.connection->connect_ip_.reset();
        return;
    }
    if (t.bindto_family && *t.bindto_family != a->family()) {
        ctx.error(s.words[1].where,
                  fmt::format("connect_ip address {} does not match address family of bindto - skipping", *text));
        t.destination_family.reset();
        t.connection->connect_ip_.reset();
        return;
    }
    t.destination_family = a->family();
    t.connection->connect_ip_ = *a;
}

void port(BindContext& ctx, const Statement& s, std::optional<std::uint16_t>& target, std::string_view name) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 1, 65535)) {
        target = static_cast<std::uint16_t>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid checker {} '{}'", name, *text));
    }
}

void connect_port(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (!t.dropped) {
        port(ctx, s, t.connection->connect_port_, "connect_port");
    }
}

void bindto(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || t.dropped) {
        return;
    }
    const auto a = parse_socket_address(*text);
    if (!a) {
        ctx.error(s.words[1].where, fmt::format("Invalid bindto address {} - ignoring", *text));
        t.bindto_family.reset();
        t.connection->bindto_.reset();
        return;
    }
    if (t.destination_family && *t.destination_family != a->family()) {
        ctx.error(s.words[1].where,
                  fmt::format("bindto address {} does not match address family of connect_ip - skipping", *text));
        t.bindto_family.reset();
        t.connection->bindto_.reset();
        return;
    }
    t.bindto_family = a->family();
    t.connection->bindto_ = *a;
}

void bind_port(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (!t.dropped) {
        port(ctx, s, t.connection->bind_port_, "bind_port");
    }
}

void bind_if(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || t.dropped) {
        return;
    }
    if (text->size() > 15) {  // IFNAMSIZ - 1
        ctx.error(s.words[1].where, fmt::format("Interface name {} is too long - ignoring", *text));
        return;
    }
    t.connection->bind_if_ = std::string{*text};
}

void timer(BindContext& ctx, const Statement& s, unsigned long min_us, unsigned long max_us, std::string_view message,
           std::optional<std::chrono::microseconds>& target) {
    if (auto v = bind_timer(ctx, s, min_us, max_us, message)) {
        target = v;
    }
}

void connect_timeout(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (!t.dropped) {
        timer(ctx, s, 1, UINT_MAX, "connect_timeout {} invalid - ignoring", t.connection->connect_timeout_);
    }
}

void fwmark(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || t.dropped) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, UINT_MAX)) {
        t.connection->fwmark_ = static_cast<std::uint32_t>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid fwmark connection value '{}'", *text));
    }
}

// ---- keywords of every checker ----

void retry(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || t.dropped) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, UINT_MAX)) {
        t.checker.retry_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid retry connection value '{}'", *text));
    }
}

void delay_before_retry(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (!t.dropped) {
        timer(ctx, s, 0, 0, "Invalid delay_before_retry connection value '{}'", t.checker.delay_before_retry_);
    }
}

void warmup(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (!t.dropped) {
        timer(ctx, s, 0, 0, "Invalid warmup connection value '{}'", t.checker.warmup_);
    }
}

void delay_loop(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (!t.dropped) {
        timer(ctx, s, 1, 0, "delay_loop '{}' is invalid - ignoring", t.checker.delay_loop_);
    }
}

void alpha(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (t.dropped) {
        return;
    }
    if (auto v = bind_bool(ctx, s, "Invalid alpha parameter")) {
        t.checker.alpha_ = *v;
    }
}

void log_all_failures(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (t.dropped) {
        return;
    }
    if (auto v = bind_bool(ctx, s, "Invalid log_all_failures parameter")) {
        t.checker.log_all_failures_ = *v;
    }
}

constexpr Keyword<CheckerScope> connection_table[] = {
    {"connect_ip", Shape::line, connect_ip},
    {"connect_port", Shape::line, connect_port},
    {"bindto", Shape::line, bindto},
    {"bind_port", Shape::line, bind_port},
    {"bind_if", Shape::line, bind_if},
    {"connect_timeout", Shape::line, connect_timeout},
    {"fwmark", Shape::line, fwmark},
};

constexpr Keyword<CheckerScope> common_table[] = {
    {"retry", Shape::line, retry},
    {"delay_before_retry", Shape::line, delay_before_retry},
    {"warmup", Shape::line, warmup},
    {"delay_loop", Shape::line, delay_loop},
    {"alpha", Shape::line, alpha},
    {"log_all_failures", Shape::line, log_all_failures},
};

// check_conn_opts(): an IPv6 link-local destination needs bind_if.
bool link_local_ok(BindContext& ctx, const Location& at, const net::IpAddress& dst,
                   const config::ConnectionOptions& co) {
    if (dst.family() == Family::ipv6 && dst.is_link_local() && !co.bind_if_) {
        ctx.error(at, fmt::format("Checker link local address {} requires a bind_if", dst.to_string()));
        return false;
    }
    return true;
}

// The same on a checker's destination: connect_ip, else the real server; none after a
// bad connect_ip (keepalived then has no address family to test).
bool connection_ok(BindContext& ctx, const Location& at, const CheckerScope& t, const config::ConnectionOptions& co) {
    if (!t.destination_family) {
        return true;
    }
    return link_local_ok(ctx, at, co.connect_ip_.value_or(t.rs.address_), co);
}

const Location& end_of(const Statement& s) {
    return s.block_close.line != 0 ? s.block_close : s.where;
}

// ---- SMTP_CHECK ----

void helo_name(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "SMTP_CHECK helo name missing");
        return;
    }
    checker_detail<config::SmtpCheck>(t).helo_name_ = std::string{s.words[1].text};
}

std::vector<Keyword<CheckerScope>> with_common(std::span<const Keyword<CheckerScope>> specific, bool connection) {
    std::vector<Keyword<CheckerScope>> out(specific.begin(), specific.end());
    if (connection) {
        out.insert(out.end(), std::begin(connection_table), std::end(connection_table));
    }
    out.insert(out.end(), std::begin(common_table), std::end(common_table));
    return out;
}

void host(BindContext& ctx, const Statement& s, CheckerScope& t) {
    static const auto table = with_common({}, true);
    config::ConnectionOptions co;
    CheckerScope host_scope{t.vs, t.rs, t.checker, t.cfg, &co, t.rs.address_.family(), std::nullopt, false};
    bind_block<CheckerScope>(ctx, s.block, table, host_scope);
    if (connection_ok(ctx, end_of(s), host_scope, co)) {
        checker_detail<config::SmtpCheck>(t).hosts_.push_back(std::move(co));
    }
}

constexpr Keyword<CheckerScope> smtp_table[] = {
    {"helo_name", Shape::line, helo_name},
    {"host", Shape::block, host},
};

// ---- dispatch ----

struct CheckerKind {
    std::string_view keyword;
    CheckerType type;
};

constexpr CheckerKind checker_kinds[] = {
    {"HTTP_GET", CheckerType::http_get}, {"SSL_GET", CheckerType::ssl_get},     {"TCP_CHECK", CheckerType::tcp},
    {"SMTP_CHECK", CheckerType::smtp},   {"DNS_CHECK", CheckerType::dns},       {"MISC_CHECK", CheckerType::misc},
    {"UDP_CHECK", CheckerType::udp},     {"PING_CHECK", CheckerType::ping},     {"FILE_CHECK", CheckerType::file},
    {"BFD_CHECK", CheckerType::bfd},
};

std::span<const Keyword<CheckerScope>> table_of(CheckerType type) {
    static const auto socket = with_common({}, true);
    static const auto http = with_common(http_check_keywords(), true);
    static const auto smtp = with_common(smtp_table, true);
    static const auto dns = with_common(dns_check_keywords(), true);
    static const auto misc = with_common(misc_check_keywords(), false);
    static const auto udp = with_common(udp_check_keywords(), true);
    // BFD_CHECK takes `alpha` only of the common keywords.
    static const auto bfd = [] {
        std::vector<Keyword<CheckerScope>> out(bfd_check_keywords().begin(), bfd_check_keywords().end());
        for (const auto& k : common_table) {
            if (k.name_ == "alpha") {
                out.push_back(k);
            }
        }
        return out;
    }();
    switch (type) {
    case CheckerType::http_get:
    case CheckerType::ssl_get:
        return http;
    case CheckerType::tcp:
    case CheckerType::ping:
        return socket;
    case CheckerType::smtp:
        return smtp;
    case CheckerType::dns:
        return dns;
    case CheckerType::misc:
        return misc;
    case CheckerType::udp:
        return udp;
    case CheckerType::file:
        return file_check_keywords();
    case CheckerType::bfd:
        return bfd;
    }
    return socket;
}

void init_detail(config::Checker& c) {
    switch (c.type_) {
    case CheckerType::http_get:
    case CheckerType::ssl_get:
        c.detail_ = config::HttpCheck{};
        break;
    case CheckerType::smtp:
        c.detail_ = config::SmtpCheck{};
        break;
    case CheckerType::dns:
        c.detail_ = config::DnsCheck{};
        break;
    case CheckerType::misc:
        c.detail_ = config::MiscCheck{};
        break;
    case CheckerType::udp:
        c.detail_ = config::UdpCheck{};
        break;
    case CheckerType::file:
        c.detail_ = config::FileCheck{};
        break;
    case CheckerType::bfd:
        c.detail_ = config::BfdCheck{};
        break;
    case CheckerType::tcp:
    case CheckerType::ping:
        break;
    }
}

// The end of the block: false when keepalived drops the checker.
bool end_of_checker(BindContext& ctx, const Statement& s, CheckerScope& t) {
    auto& c = t.checker;
    const auto& at = end_of(s);
    switch (c.type_) {
    case CheckerType::http_get:
    case CheckerType::ssl_get:
        return end_http_check(ctx, s, t) && connection_ok(ctx, at, t, c.connection_);
    case CheckerType::tcp:
    case CheckerType::ping:
    case CheckerType::dns:
        return connection_ok(ctx, at, t, c.connection_);
    case CheckerType::udp: {
        if (!connection_ok(ctx, at, t, c.connection_)) {
            return false;
        }
        const auto& udp = std::get<config::UdpCheck>(c.detail_);
        if (udp.min_reply_length_ > udp.max_reply_length_) {
            ctx.error(at, fmt::format("UDP_CHECK min_reply length {} > max_reply_length {} - will always fail",
                                      udp.min_reply_length_, udp.max_reply_length_));
        }
        return true;
    }
    case CheckerType::smtp: {
        auto& smtp = std::get<config::SmtpCheck>(c.detail_);
        const auto& co = c.connection_;
        // keepalived checks the checker's own connection when any connection option was
        // given for it, or when there are no host blocks.
        smtp.check_own_connection_ = co.connect_ip_ || co.connect_port_ || co.bindto_ || co.bind_port_ || co.bind_if_ ||
                                     co.fwmark_ != 0 || co.connect_timeout_ || smtp.hosts_.empty();
        // Its destination starts unset and falls back to the real server here.
        return !smtp.check_own_connection_ ||
               link_local_ok(ctx, at, t.destination_family ? *co.connect_ip_ : t.rs.address_, co);
    }
    case CheckerType::misc:
        if (t.dropped) {
            return false;
        }
        if (const auto& misc = std::get<config::MiscCheck>(c.detail_); !misc.script_) {
            // keepalived looks the user up first (it may drop the checker for that): then
            // this is reported at load (validate_lvs_scripts.cpp).
            if (misc.user_) {
                return true;
            }
            ctx.error(at, "No script path has been specified for MISC_CHECKER - skipping");
            return false;
        }
        return true;
    case CheckerType::file:
        if (std::get<config::FileCheck>(c.detail_).track_file_.empty()) {
            ctx.error(at, "FILE_CHECK has no track_file specified - ignoring");
            return false;
        }
        return true;
    case CheckerType::bfd:
        if (t.dropped) {
            return false;
        }
        if (std::get<config::BfdCheck>(c.detail_).name_.empty()) {
            ctx.error(at, fmt::format("({}) No name has been specified for BFD_CHECKER - skipping",
                                      format_rs(t.rs.address_, t.rs.configured_port_, t.vs)));
            return false;
        }
        return true;
    }
    return true;
}

} // namespace

bool is_checker_keyword(std::string_view keyword) {
    for (const auto& k : checker_kinds) {
        if (k.keyword == keyword) {
            return true;
        }
    }
    return false;
}

void bind_checker(BindContext& ctx, const Statement& s, RsScope& scope) {
    config::Checker c;
    for (const auto& k : checker_kinds) {
        if (k.keyword == s.keyword()) {
            c.type_ = k.type;
        }
    }
    c.location_ = BindContext::location(s.where);
    init_detail(c);
    // SMTP_CHECK starts without a destination (it takes the real server's at the end).
    std::optional<Family> destination;
    if (c.type_ != CheckerType::smtp) {
        destination = scope.rs.address_.family();
    }
    CheckerScope t{scope.vs, scope.rs, c, scope.cfg, &c.connection_, destination, std::nullopt, false};
    bind_block<CheckerScope>(ctx, s.block, table_of(c.type_), t);
    if (end_of_checker(ctx, s, t)) {
        scope.rs.checkers_.push_back(std::move(c));
    }
}

} // namespace vigil::parser
