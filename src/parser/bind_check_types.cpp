// DNS_CHECK, MISC_CHECK, UDP_CHECK, FILE_CHECK and BFD_CHECK specifics (keepalived
// check_dns.c, check_misc.c, check_udp.c, check_file.c, check_bfd.c; reference
// keepalived-2.2.7-lvs-checkers.md §3.5). Their common keywords are in bind_checkers.cpp.
#include "parser/bind_lvs.hpp"
#include "parser/bind_scripts.hpp"
#include "parser/lvs_format.hpp"
#include "parser/read_number.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <vector>

namespace vigil::parser {

namespace {

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
            checker_detail<config::DnsCheck>(t).type_ = n.type;
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
    auto& dns = checker_detail<config::DnsCheck>(t);
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
    // The user is looked up at the end of the checker (validate_lvs_scripts.cpp), not here.
    auto value = read_script_params(ctx, s);
    if (!value) {
        return;
    }
    checker_detail<config::MiscCheck>(t).script_ = std::move(*value);
}

void misc_timeout(BindContext& ctx, const Statement& s, CheckerScope& t) {
    const auto text = ctx.word(s, 1);
    if (!text || t.dropped) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, UINT_MAX / 1000000U)) {
        checker_detail<config::MiscCheck>(t).timeout_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid misc_timeout value '{}'", *text));
    }
}

void misc_dynamic(BindContext&, const Statement&, CheckerScope& t) {
    if (!t.dropped) {
        checker_detail<config::MiscCheck>(t).dynamic_ = true;
    }
}

// The user is looked up at load (validate_lvs), where an unknown one drops the checker.
void misc_user(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (t.dropped) {
        return;
    }
    auto& misc = checker_detail<config::MiscCheck>(t);
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
    auto& udp = checker_detail<config::UdpCheck>(t);
    if (!read_hex(words_from(s, 1), udp.payload_, nullptr)) {
        udp.payload_.clear();
        ctx.error(s.words[1].where, "Invalid hex string for UDP_CHECK payload");
    }
}

void require_reply(BindContext& ctx, const Statement& s, CheckerScope& t) {
    auto& udp = checker_detail<config::UdpCheck>(t);
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
    reply_length(ctx, s, checker_detail<config::UdpCheck>(t).min_reply_length_, "min");
}

void max_reply_length(BindContext& ctx, const Statement& s, CheckerScope& t) {
    reply_length(ctx, s, checker_detail<config::UdpCheck>(t).max_reply_length_, "max");
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
            checker_detail<config::FileCheck>(t).track_file_ = std::string{*text};
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
    auto& f = checker_detail<config::FileCheck>(t);
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
    auto& bfd = checker_detail<config::BfdCheck>(t);
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
};

} // namespace

std::span<const Keyword<CheckerScope>> dns_check_keywords() {
    return dns_table;
}
std::span<const Keyword<CheckerScope>> misc_check_keywords() {
    return misc_table;
}
std::span<const Keyword<CheckerScope>> udp_check_keywords() {
    return udp_table;
}
std::span<const Keyword<CheckerScope>> file_check_keywords() {
    return file_table;
}
std::span<const Keyword<CheckerScope>> bfd_check_keywords() {
    return bfd_table;
}

} // namespace vigil::parser
