#include "check/protocol_dump.hpp"

#include <fmt/format.h>

#include <array>
#include <iterator>

namespace vigil::check {

namespace {

// keepalived's regex_options[] table, in its order (check_http.c).
constexpr std::array<const char*, 24> regex_option_names{
    "allow_empty_class", "alt_bsux",        "auto_callout",      "caseless",          "dollar_endonly",
    "dotall",            "dupnames",        "extended",          "firstline",         "match_unset_backref",
    "multiline",         "never_ucp",       "never_utf",         "no_auto_capture",   "no_auto_possess",
    "no_dotstar_anchor", "no_start_optimize", "ucp",             "ungreedy",          "utf",
    "never_backslash_c", "alt_circumflex",  "alt_verbnames",     "use_offset_limit"};

const char* dns_type_label(config::DnsType type) noexcept {
    switch (type) {
    case config::DnsType::a: return "A";
    case config::DnsType::ns: return "NS";
    case config::DnsType::cname: return "CNAME";
    case config::DnsType::soa: return "SOA";
    case config::DnsType::mx: return "MX";
    case config::DnsType::txt: return "TXT";
    case config::DnsType::aaaa: return "AAAA";
    case config::DnsType::rrsig: return "RRSIG";
    case config::DnsType::dnskey: return "DNSKEY";
    }
    return "(unknown)";
}

const char* protocol_text(config::HttpProtocol protocol) noexcept {
    switch (protocol) {
    case config::HttpProtocol::http_1_0c: return "1.0C";
    case config::HttpProtocol::http_1_1: return "1.1";
    case config::HttpProtocol::http_1_0: break;
    }
    return "1.0";
}

// The urls of the configuration that share `url`'s regex (same pattern and options).
unsigned regex_users(const config::HttpUrl& url, const config::LvsConfig& lvs) {
    unsigned count = 0;
    for (const auto& vs : lvs.virtual_servers_) {
        for (const auto& rs : vs.real_servers_) {
            for (const auto& checker : rs.checkers_) {
                if (const auto* http = std::get_if<config::HttpCheck>(&checker.detail_)) {
                    for (const auto& other : http->urls_) {
                        count += other.regex_ == url.regex_ && other.regex_options_ == url.regex_options_ ? 1U : 0U;
                    }
                }
            }
        }
    }
    return count;
}

// keepalived's status code bit array printed as runs: "       200-299", "       503".
void append_status_codes(std::string& out, const config::HttpUrl& url) {
    std::array<bool, 600> accepted{};
    if (url.status_codes_.empty()) {
        for (unsigned code = 200; code <= 299; ++code) {
            accepted[code] = true;
        }
    }
    for (const auto& [first, last] : url.status_codes_) {
        for (unsigned code = first; code <= last && code < accepted.size(); ++code) {
            accepted[code] = true;
        }
    }
    auto it = std::back_inserter(out);
    for (unsigned code = 100; code <= 599; ++code) {
        if (!accepted[code] || (code > 100 && accepted[code - 1])) {
            continue;
        }
        unsigned end = code;
        while (end + 1 <= 599 && accepted[end + 1]) {
            ++end;
        }
        if (end == code) {
            fmt::format_to(it, "       {}\n", code);
        } else {
            fmt::format_to(it, "       {}-{}\n", code, end);
        }
    }
}

void append_url(std::string& out, const config::HttpUrl& url, const config::LvsConfig& lvs) {
    auto it = std::back_inserter(out);
    fmt::format_to(it, "   Checked url = {}\n", url.path_);
    if (url.digest_) {
        out += "     digest = ";
        for (const std::uint8_t byte : *url.digest_) {
            fmt::format_to(it, "{:02x}", byte);
        }
        out += '\n';
    }
    out += "     HTTP Status Code(s)\n";
    append_status_codes(out, url);
    if (url.virtualhost_) {
        fmt::format_to(it, "     Virtual host = {}\n", *url.virtualhost_);
    }
    if (!url.regex_) {
        return;
    }
    fmt::format_to(it, "     Regex = \"{}\"\n", *url.regex_);
    if (url.regex_no_match_) {
        out += "     Regex no match\n";
    }
    if (url.regex_min_offset_ != 0 || url.regex_max_offset_) {
        if (url.regex_max_offset_) {
            fmt::format_to(it, "     Regex min offset = {}, max_offset = {}\n", url.regex_min_offset_,
                           *url.regex_max_offset_);
        } else {
            fmt::format_to(it, "     Regex min offset = {}\n", url.regex_min_offset_);
        }
    }
    // keepalived 2.2.7 lists every option name of its table once any option is set.
    out += "     Regex options:";
    if (!url.regex_options_.empty()) {
        for (const char* name : regex_option_names) {
            out += ' ';
            out += name;
        }
    }
    out += '\n';
    fmt::format_to(it, "     Regex ref count = {}\n", regex_users(url, lvs));
    if (url.regex_stack_) {
        fmt::format_to(it, "     Regex stack start {}, max {}\n", url.regex_stack_->first, url.regex_stack_->second);
    }
}

} // namespace

void append_protocol_dump(std::string& out, const CheckerState& checker, const config::LvsConfig& lvs) {
    auto it = std::back_inserter(out);
    if (const auto* http = std::get_if<config::HttpCheck>(&checker.config->detail_)) {
        fmt::format_to(it, "   Keepalive method = {}_GET, http protocol {}\n",
                       checker.type == config::CheckerType::ssl_get ? "SSL" : "HTTP", protocol_text(http->protocol_));
        if (http->virtualhost_) {
            fmt::format_to(it, "   Virtualhost = {}\n", *http->virtualhost_);
        }
        fmt::format_to(it, "   Enable SNI {}set\n", http->enable_sni_ ? "" : "un");
        fmt::format_to(it, "   Fast recovery {}set\n", http->fast_recovery_ ? "" : "un");
        for (const auto& url : http->urls_) {
            append_url(out, url, lvs);
        }
        if (checker.failed_url >= 0 && static_cast<std::size_t>(checker.failed_url) < http->urls_.size()) {
            fmt::format_to(it, "   Failed URL = {}\n", http->urls_[static_cast<std::size_t>(checker.failed_url)].path_);
        }
    } else if (const auto* smtp = std::get_if<config::SmtpCheck>(&checker.config->detail_)) {
        out += "   Keepalive method = SMTP_CHECK\n";
        fmt::format_to(it, "   helo = {}\n", smtp->helo_name_);
    } else if (const auto* dns = std::get_if<config::DnsCheck>(&checker.config->detail_)) {
        out += "   Keepalive method = DNS_CHECK\n";
        fmt::format_to(it, "   Type = {}\n", dns_type_label(dns->type_));
        fmt::format_to(it, "   Name = {}\n", dns->name_);
    }
}

} // namespace vigil::check
