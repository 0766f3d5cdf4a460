// HTTP_GET / SSL_GET { ... url { ... } } (keepalived check_http.c; reference
// keepalived-2.2.7-lvs-checkers.md §3.5). The regex keywords' problems are only logged by
// keepalived (they never change `-t`'s verdict): they are reported here as notices.
#include "parser/bind_lvs.hpp"
#include "parser/read_number.hpp"
#include "parser/script_value.hpp"

#include <fmt/format.h>

#include <climits>
#include <cstdlib>

namespace vigil::parser {

namespace {

config::HttpCheck& http(CheckerScope& t) {
    return std::get<config::HttpCheck>(t.checker.detail_);
}

void nb_get_retry(BindContext& ctx, const Statement& s, CheckerScope& t) {
    ctx.error(s.words[0].where, "nb_get_retry is deprecated - please use 'retry'");
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (auto v = read_unsigned(ctx, s.words[1].where, *text, 0, UINT_MAX)) {
        t.checker.retry_ = static_cast<unsigned>(*v);
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid nb_get_retry value '{}'", *text));
    }
}

void virtualhost(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "HTTP_GET virtualhost name missing");
        return;
    }
    http(t).virtualhost_ = std::string{s.words[1].text};
}

void http_protocol(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "Missing http_protocol version");
        return;
    }
    const auto v = s.words[1].text;
    if (v == "1.0") {
        http(t).protocol_ = config::HttpProtocol::http_1_0;
    } else if (v == "1.1") {
        http(t).protocol_ = config::HttpProtocol::http_1_1;
    } else if (v == "1.0C" || v == "1.0c") {
        http(t).protocol_ = config::HttpProtocol::http_1_0c;
    } else {
        ctx.error(s.words[1].where, fmt::format("Invalid http_protocol version {}", v));
    }
}

void enable_sni(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (auto v = bind_bool(ctx, s, "Invalid enable_sni parameter")) {
        http(t).enable_sni_ = *v;
    }
}

void fast_recovery(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (auto v = bind_bool(ctx, s, "Invalid fast_recovery parameter")) {
        http(t).fast_recovery_ = *v;
    }
}

// ---- url { ... } ----

struct UrlScope {
    config::HttpUrl& url;
    std::optional<std::string> regex;
    bool regex_options_given{false};
};

void path(BindContext& ctx, const Statement& s, UrlScope& u) {
    if (auto v = ctx.word(s, 1)) {
        u.url.path_ = std::string{*v};
    }
}

void digest(BindContext& ctx, const Statement& s, UrlScope& u) {
    const auto text = ctx.word(s, 1);
    if (!text) {
        return;
    }
    if (u.url.digest_) {
        ctx.error(s.words[1].where, fmt::format("Digest '{}' is a duplicate", *text));
        return;
    }
    if (text->size() != 32) {
        ctx.error(s.words[1].where,
                  fmt::format("digest '{}' character length should be 32 rather than {}", *text, text->size()));
        return;
    }
    // keepalived reads the pairs from the last one back, cutting the text as it goes (its
    // message shows what is left), each with strtoul(16).
    std::array<std::uint8_t, 16> bytes{};
    for (int i = 15; i >= 0; --i) {
        const std::string pair{text->substr(static_cast<std::size_t>(2 * i), 2)};
        char* end = nullptr;
        const unsigned long v = std::strtoul(pair.c_str(), &end, 16);
        if (end != pair.c_str() + 2) {
            ctx.error(s.words[1].where, fmt::format("Unable to interpret hex digit in '{}' at offset {}/{}",
                                                    text->substr(0, static_cast<std::size_t>(2 * i + 2)), 2 * i,
                                                    2 * i + 1));
            return;
        }
        bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
    }
    u.url.digest_ = bytes;
}

void status_code(BindContext& ctx, const Statement& s, UrlScope& u) {
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        const std::string text{s.words[i].text};
        char* end = nullptr;
        const unsigned long min = std::strtoul(text.c_str(), &end, 10);
        unsigned long max = min;
        if (*end == '-') {
            max = std::strtoul(end + 1, &end, 10);
        }
        if (*end != '\0' || min < 100 || min > 599 || max < 100 || max > 599 || min > max) {
            ctx.error(s.words[i].where, fmt::format("Invalid HTTP_GET status code '{}'", text));
            continue;
        }
        u.url.status_codes_.emplace_back(static_cast<std::uint16_t>(min), static_cast<std::uint16_t>(max));
    }
}

void url_virtualhost(BindContext& ctx, const Statement& s, UrlScope& u) {
    if (s.words.size() < 2) {
        ctx.error(s.words[0].where, "Missing HTTP_GET virtualhost name");
        return;
    }
    u.url.virtualhost_ = std::string{s.words[1].text};
}

void regex(BindContext& ctx, const Statement& s, UrlScope& u) {
    // alloc_strvec_quoted_escaped on the whole line: its quote error is a config error.
    const auto q = split_quoted_escaped(s.raw);
    if (q.error) {
        ctx.error(s.where, *q.error);
    }
    if (!q.ok || q.words.size() != 2) {
        ctx.notice(BindContext::location(s.where), "regex missing or too many fields");
        return;
    }
    u.regex = q.words[1];
}

void regex_no_match(BindContext&, const Statement&, UrlScope& u) {
    u.url.regex_no_match_ = true;
}

constexpr std::string_view regex_option_names[] = {
    "allow_empty_class", "alt_bsux", "auto_callout", "caseless", "dollar_endonly", "dotall", "dupnames",
    "extended", "firstline", "match_unset_backref", "multiline", "never_ucp", "never_utf", "no_auto_capture",
    "no_auto_possess", "no_dotstar_anchor", "no_start_optimize", "ucp", "ungreedy", "utf", "never_backslash_c",
    "alt_circumflex", "alt_verbnames", "use_offset_limit"};

void regex_options(BindContext&, const Statement& s, UrlScope& u) {
    for (std::size_t i = 1; i < s.words.size(); ++i) {
        for (const auto name : regex_option_names) {
            if (name == s.words[i].text) {
                u.url.regex_options_.emplace_back(name);
                u.regex_options_given = true;
            }
        }
    }
}

// keepalived's regex_offset_handler: 0 (with a log line) when missing or not a number.
std::size_t regex_offset(BindContext& ctx, const Statement& s, std::string_view type) {
    if (s.words.size() != 2) {
        ctx.notice(BindContext::location(s.where), fmt::format("Missing or too may options for regex_{}_offset", type));
        return 0;
    }
    const std::string text{s.words[1].text};
    char* end = nullptr;
    const unsigned long v = std::strtoul(text.c_str(), &end, 10);
    if (*end != '\0') {
        ctx.notice(BindContext::location(s.where), fmt::format("Invalid regex_{}_offset {} specified", type, text));
        return 0;
    }
    return v;
}

void regex_min_offset(BindContext& ctx, const Statement& s, UrlScope& u) {
    u.url.regex_min_offset_ = regex_offset(ctx, s, "min");
}

void regex_max_offset(BindContext& ctx, const Statement& s, UrlScope& u) {
    u.url.regex_max_offset_ = regex_offset(ctx, s, "max");
}

void regex_stack(BindContext& ctx, const Statement& s, UrlScope& u) {
    const auto at = BindContext::location(s.where);
    if (s.words.size() != 3) {
        ctx.notice(at, "regex_stack requires start and max values");
        return;
    }
    const std::string start_text{s.words[1].text};
    const std::string max_text{s.words[2].text};
    char* end = nullptr;
    const unsigned long start = std::strtoul(start_text.c_str(), &end, 10);
    if (*end != '\0') {
        ctx.notice(at, "regex_stack invalid start value");
        return;
    }
    const unsigned long max = std::strtoul(max_text.c_str(), &end, 10);
    if (*end != '\0') {
        ctx.notice(at, "regex_stack invalid max value");
        return;
    }
    if (start > max) {
        ctx.notice(at, "regex stack start cannot exceed max value");
        return;
    }
    u.url.regex_stack_ = std::make_pair(start, max);
}

constexpr Keyword<UrlScope> url_keywords[] = {
    {"path", Shape::line, path},
    {"digest", Shape::line, digest},
    {"status_code", Shape::line, status_code},
    {"virtualhost", Shape::line, url_virtualhost},
    {"regex", Shape::line, regex},
    {"regex_no_match", Shape::line, regex_no_match},
    {"regex_options", Shape::line, regex_options},
    {"regex_min_offset", Shape::line, regex_min_offset},
    {"regex_max_offset", Shape::line, regex_max_offset},
    {"regex_stack", Shape::line, regex_stack},
};

void url(BindContext& ctx, const Statement& s, CheckerScope& t) {
    config::HttpUrl bound;
    UrlScope u{bound, std::nullopt, false};
    bind_block<UrlScope>(ctx, s.block, url_keywords, u);
    // url_check(): the end of the block.
    const auto at = BindContext::location(s.block_close.line != 0 ? s.block_close : s.where);
    if (bound.path_.empty()) {
        ctx.error(at, "HTTP/SSL_GET checker url has no path - ignoring");
        return;
    }
    if (u.regex) {
        bound.regex_ = std::move(u.regex);
    } else if (u.regex_options_given || bound.regex_no_match_ || bound.regex_min_offset_ != 0 ||
               bound.regex_max_offset_ || bound.regex_stack_) {
        ctx.notice(at, "regex parameters specified without regex");
        bound.regex_options_.clear();
        bound.regex_no_match_ = false;
        bound.regex_min_offset_ = 0;
        bound.regex_max_offset_.reset();
        bound.regex_stack_.reset();
    }
    // keepalived keeps the maximum as one beyond the last position: a maximum of N is kept
    // only when the minimum is at most N.
    if (bound.regex_max_offset_ && bound.regex_min_offset_ >= *bound.regex_max_offset_ + 1) {
        ctx.notice(at, fmt::format("regex min offset {} > regex_max_offset {} - ignoring", bound.regex_min_offset_,
                                   *bound.regex_max_offset_));
        bound.regex_min_offset_ = 0;
        bound.regex_max_offset_.reset();
    }
    http(t).urls_.push_back(std::move(bound));
}

constexpr Keyword<CheckerScope> http_table[] = {
    {"nb_get_retry", Shape::line, nb_get_retry},
    {"virtualhost", Shape::line, virtualhost},
    {"http_protocol", Shape::line, http_protocol},
    {"enable_sni", Shape::line, enable_sni},
    {"fast_recovery", Shape::line, fast_recovery},
    {"url", Shape::block, url},
};

} // namespace

std::span<const Keyword<CheckerScope>> http_check_keywords() {
    return http_table;
}

bool end_http_check(BindContext& ctx, const Statement& s, CheckerScope& t) {
    if (http(t).urls_.empty()) {
        ctx.error(s.block_close.line != 0 ? s.block_close : s.where,
                  "HTTP/SSL_GET checker has no urls specified - ignoring");
        return false;
    }
    return true;
}

} // namespace vigil::parser
