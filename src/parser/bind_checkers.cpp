// The checker blocks of a real server: the keywords every checker shares (keepalived
// check_api.c) and TCP_CHECK, PING_CHECK, SMTP_CHECK, DNS_CHECK, MISC_CHECK, UDP_CHECK,
// FILE_CHECK, BFD_CHECK (check_*.c). HTTP_GET / SSL_GET are in bind_http_check.cpp.
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
using config::Family;
template <typename T>
T& detail(CheckerScope& t) {
    return std::get<T>(t.checker.detail_);
}

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
bool link_local_ok(BindContext& ctx, const Location& at, const config::IpAddress& dst,
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
    detail<config::SmtpCheck>(t).helo_name_ = std::string{s.words[1].text};
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
        detail<config::SmtpCheck>(t).hosts_.push_back(std::move(co));
    }
}

constexpr Keyword<CheckerScope> smtp_table[] = {
    {"helo_name", Shape::line, helo_name},
    {"host", Shape::block, host},
};

// ---- DNS_CHECK ----

void dns_type(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    struct Name {
        std::string_view label;
        config::DnsType type;
    };
    constexpr Name names[] = {{"A", config::DnsType::a},        {"NS", config::DnsType::ns},
                              {"CNAME", config::DnsType::cname}, {"SOA", config::DnsType::soa},
                              {"MX", config::DnsType::mx},       {"TXT", config::DnsType::txt},
                              {"AAAA", config::DnsType::aaaa},   {"RRSIG", config::DnsType::rrsig},
                              {"DNSKEY", config::DnsType::dnskey}};
    for (const auto& n : names) {
        if (n.label.size() == text->size() &&
            std::equal(n.label.begin(), n.label.end(), text->begin(), [](char a, char b) {
                return a == (b >= 'a' && b <= 'z' ? static_cast<char>(b - 'a' + 'A') : b);
            })) {
            detail<config::DnsCheck>(t).type_ = n.type;
            return;
        }
    }
    ctx.error(s.words[1].where, fmt::format("Unknown DNS check type {} - ignoring", *text));
}

// keepalived's empty-label test, quirks included: it looks at the character after the
// first one and after every '.', so "a.example" (a one-character first label) is refused.
bool dns_name_valid(std::string_view name) {
    if (name.size() > 1 && name[0] == '.') {
        return false;
    }
    for (std::size_t p = 0; p != std::string_view::npos; p = name.find('.', p + 1)) {
        if (p + 1 < name.size() && name[p + 1] == '.') {
            return false;
        }
    }
    return true;
}

void dns_name(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    auto& dns = detail<config::DnsCheck>(t);
    if (!dns.name_.empty()) {
        ctx.error(s.words[0].where, "DNS_CHECK name already specified - ignoring");
        return;
    }
    if (!dns_name_valid(*text)) {
        ctx.error(s.words[1].where, fmt::format("DNS_CHECK name '{}' has empty label - ignoring", *text));
        return;
    }
    dns.name_ = std::string{*text};
}

constexpr Keyword<CheckerScope> dns_table[] = {
    {"type", Shape::line, dns_type},
    {"name", Shape::line, dns_name},
};

// ---- MISC_CHECK ----


// misc_path "CMD ARGS": words after the command are ignored (the user is `user`).
void misc_path(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (t.dropped || s.words.size() < 2) {
        return;  // keepalived keeps no script (and says so at the end of the block)
    }
    auto value = ctx.command(s);
    if (!value) {
        return;
    }
    value->user_.reset();
    value->group_.reset();
    detail<config::MiscCheck>(t).script_ = std::move(*value);
}

void misc_timeout(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || t.dropped) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, UINT_MAX / 1000000U)) {
        detail<config::MiscCheck>(t).timeout_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid misc_timeout value '{}'", *text));
    }
}

void misc_dynamic(BindContext&, const Statement&, CheckerScope& t) {
    if (!t.dropped) {
        detail<config::MiscCheck>(t).dynamic_ = true;
    }
}

// The user is looked up at load (validate_lvs), where an unknown one drops the checker.
void misc_user(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (t.dropped) {
        return;
    }
    auto& misc = detail<config::MiscCheck>(t);
    const std::string script = misc.script_ ? format_command(*misc.script_) : std::string{};
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, fmt::format("No user specified for misc checker script {}", script));
        return;
    }
    config::MiscUser user;
    user.name_ = std::string{s.words[1].text};
    if (s.words.size() > 2) {
        user.group_ = std::string{s.words[2].text};
    }
    user.location_ = BindContext::location(s.words[0].where);
    user.script_when_read_ = script;
    misc.user_ = std::move(user);
}

constexpr Keyword<CheckerScope> misc_table[] = {
    {"misc_path", Shape::line, misc_path},
    {"misc_timeout", Shape::line, misc_timeout},
    {"misc_dynamic", Shape::line, misc_dynamic},
    {"user", Shape::line, misc_user},
};

// ---- UDP_CHECK ----

int hex_value(char c, bool wildcard) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a') {
        c = static_cast<char>(c - ('a' - 'A'));
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return wildcard && c == 'X' ? -2 : -1;
}

// keepalived's read_hex_str(): pairs of hex digits (a lone digit before a blank is one
// byte), blanks between bytes; with `mask`, 'x'/'X' is a wildcard nibble. False when empty
// or a character is not a hex digit (or it ends in the byte ff, as keepalived's).
bool read_hex(std::string_view text, std::vector<std::uint8_t>& data, std::vector<std::uint8_t>* mask) {
    std::vector<std::uint8_t> bytes;
    std::vector<std::uint8_t> masks;
    bool wildcards = false;
    std::size_t p = 0;
    while (true) {
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) {
            ++p;
        }
        if (p >= text.size()) {
            break;
        }
        int v = hex_value(text[p++], mask != nullptr);
        if (v == -1) {
            return false;
        }
        std::uint8_t m = 0;
        if (v == -2) {
            m = 0x0f;
            v = 0;
            wildcards = true;
        }
        if (p < text.size() && text[p] != ' ') {
            int low = hex_value(text[p++], mask != nullptr);
            if (low == -1) {
                return false;
            }
            m = static_cast<std::uint8_t>(m << 4);
            if (low == -2) {
                m |= 0x0f;
                low = 0;
                wildcards = true;
            }
            v = (v << 4) | low;
        }
        bytes.push_back(static_cast<std::uint8_t>(v));
        masks.push_back(m);
    }
    // keepalived marks a bad digit with 0xff in the same variable as the value: a string
    // ending in the byte ff is refused too.
    if (bytes.empty() || bytes.back() == 0xff) {
        return false;
    }
    data = std::move(bytes);
    if (mask != nullptr) {
        *mask = wildcards ? std::move(masks) : std::vector<std::uint8_t>{};
    }
    return true;
}

std::string words_from(const Statement& s, std::size_t index) {
    std::string out;
    for (std::size_t i = index; i < s.words.size(); ++i) {
        if (i != index) {
            out += ' ';
        }
        out += s.words[i].text;
    }
    return out;
}

void payload(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (s.words.size() == 1) {
        ctx.error(s.words[0].where, "UDP_CHECK payload requires a payload");
        return;
    }
    auto& udp = detail<config::UdpCheck>(t);
    if (!read_hex(words_from(s, 1), udp.payload_, nullptr)) {
        udp.payload_.clear();
        ctx.error(s.words[1].where, "Invalid hex string for UDP_CHECK payload");
    }
}

void require_reply(BindContext& ctx, const Statement& s, CheckerScope& t) {
    auto& udp = detail<config::UdpCheck>(t);
    udp.require_reply_ = true;
    if (s.words.size() == 1) {
        return;
    }
    if (!read_hex(words_from(s, 1), udp.reply_, &udp.reply_mask_)) {
        udp.reply_.clear();
        ctx.error(s.words[1].where, "Invalid hex string for UDP_CHECK reply");
    }
}

void reply_length(BindContext& ctx, const Statement& s, unsigned& target, std::string_view which) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, 65535)) {
        target = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where,
                  fmt::format("UDP_CHECK {} length {} not valid - must be between 0 & 65535", which, *text));
    }
}

void min_reply_length(BindContext& ctx, const Statement& s, CheckerScope& t) {
    reply_length(ctx, s, detail<config::UdpCheck>(t).min_reply_length_, "min");
}

void max_reply_length(BindContext& ctx, const Statement& s, CheckerScope& t) {
    reply_length(ctx, s, detail<config::UdpCheck>(t).max_reply_length_, "max");
}

constexpr Keyword<CheckerScope> udp_table[] = {
    {"payload", Shape::line, payload},
    {"require_reply", Shape::line, require_reply},
    {"min_reply_length", Shape::line, min_reply_length},
    {"max_reply_length", Shape::line, max_reply_length},
};

// ---- FILE_CHECK ----

void file_track_file(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    for (const auto& f : t.cfg.track_files_) {
        if (f.name_ == *text) {
            detail<config::FileCheck>(t).track_file_ = std::string{*text};
            return;
        }
    }
    ctx.error(s.words[1].where, fmt::format("track_file {} not found", *text));
}

void file_weight(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "track file weight missing");
        return;
    }
    const long limit = static_cast<long>(config::ipvs_weight_limit);
    const auto v = read_int(ctx, s.words[1].where, s.words[1].text, -limit, limit);
    if (!v) {
        ctx.error(s.words[1].where,
                  fmt::format("weight for track file must be in [{}..{}] inclusive. Ignoring...", -limit, limit));
        return;
    }
    bool reverse = false;
    if (s.words.size() >= 3) {
        if (s.words[2].text == "reverse") {
            reverse = true;
        } else if (s.words[2].text != "noreverse") {
            ctx.error(s.words[2].where, fmt::format("unknown track file weight option {} - ignoring", s.words[2].text));
            return;
        }
    }
    auto& f = detail<config::FileCheck>(t);
    f.weight_ = static_cast<int>(*v);
    f.reverse_ = reverse;
}

constexpr Keyword<CheckerScope> file_table[] = {
    {"track_file", Shape::line, file_track_file},
    {"weight", Shape::line, file_weight},
};

// ---- BFD_CHECK ----

void bfd_name(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (t.dropped) {
        return;
    }
    const std::string rs = format_rs(t.rs.address_, t.rs.configured_port_, t.vs);
    auto& bfd = detail<config::BfdCheck>(t);
    const std::string_view name = s.words.size() >= 2 ? s.words[1].text : std::string_view{};
    const config::BfdInstance* known = nullptr;
    for (const auto& b : t.cfg.bfd_instances_) {
        if (b.tracked_by_checker_ && b.name_ == name) {
            known = &b;
        }
    }
    bool error = true;
    if (s.words.size() != 2) {
        ctx.error(s.words[0].where, fmt::format("({}) BFD_CHECK - No or too many names specified - skipping checker", rs));
    } else if (known == nullptr) {
        ctx.error(s.words[1].where, fmt::format("({}) BFD_CHECK - BFD {} not configured", rs, name));
    } else if (!bfd.name_.empty()) {
        ctx.error(s.words[1].where, fmt::format("({}) BFD_CHECK - BFD {} already specified as {}", rs, name, bfd.name_));
    } else if (name.size() >= 32) {
        ctx.error(s.words[1].where, fmt::format("({}) BFD_CHECK - BFD name {} too long", rs, name));
    } else {
        error = false;
    }
    if (!error) {
        for (const auto& c : t.rs.checkers_) {
            const auto* other = std::get_if<config::BfdCheck>(&c.detail_);
            if (other != nullptr && other->name_ == name) {
                ctx.error(s.words[1].where, fmt::format("({}) BFD_CHECK - RS already monitoring {}", rs, name));
                error = true;
                break;
            }
        }
    }
    if (error) {
        t.dropped = true;
        return;
    }
    bfd.name_ = std::string{name};
}

constexpr Keyword<CheckerScope> bfd_table[] = {
    {"name", Shape::line, bfd_name},
    {"alpha", Shape::line, alpha},
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
    static const auto dns = with_common(dns_table, true);
    static const auto misc = with_common(misc_table, false);
    static const auto udp = with_common(udp_table, true);
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
        return file_table;
    case CheckerType::bfd:
        return bfd_table;
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

std::span<const Keyword<CheckerScope>> connection_keywords() {
    return connection_table;
}

std::span<const Keyword<CheckerScope>> common_checker_keywords() {
    return common_table;
}

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
