// LVS, checker and BFD blocks (virtual_server, virtual_server_group, real_server, the
// checkers, bfd_instance): validated against keepalived 2.2.7's keyword sets
// (keepalived.conf(5)) without building a model; kept verbatim for the dump.
#include "parser/bind_blocks.hpp"
#include "parser/keywords_table.hpp"

#include <array>
#include <span>

namespace vigil::parser {

namespace {

using Names = std::span<const std::string_view>;

constexpr std::string_view virtual_server_keywords[] = {
    "delay_loop", "lvs_sched", "lb_algo", "lvs_method", "lb_kind", "persistence_engine", "persistence_timeout",
    "persistence_granularity", "virtualhost", "protocol", "ha_suspend", "ops", "sorry_server", "sorry_server_inhibit",
    "sorry_server_lvs_method", "real_server", "quorum", "quorum_up", "quorum_down", "hysteresis", "retry",
    "delay_before_retry", "warmup", "connect_timeout", "alpha", "omega", "inhibit_on_failure", "smtp_alert",
    "ip_family", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port", "mh-fallback", "nat_mask",
    "notify_up", "notify_down", "lthreshold", "uthreshold", "weight", "snmp_name", "nb_get_retry", "hashed",
    "one_packet_scheduling", "tunnel_type", "virtualhost_name", "quorum_up_script", "quorum_down_script",
    "real_server_group", "bind_if", "fwmark"};

constexpr std::string_view real_server_keywords[] = {
    "weight", "inhibit_on_failure", "notify_up", "notify_down", "uthreshold", "lthreshold", "lvs_method",
    "lb_kind", "alpha", "retry", "delay_before_retry", "warmup", "delay_loop", "connect_timeout", "smtp_alert",
    "virtualhost", "HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "BFD_CHECK",
    "UDP_CHECK", "PING_CHECK", "FILE_CHECK", "ICMP_CHECK", "nb_get_retry", "tunnel_type", "persistence_engine",
    "log_all_failures", "track_file"};

constexpr std::string_view checker_keywords[] = {
    // common to every checker
    "connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout", "fwmark", "warmup", "retry",
    "nb_get_retry", "delay_before_retry", "delay_loop", "alpha", "log_all_failures", "dynamic",
    // HTTP_GET / SSL_GET
    "url", "http_protocol", "virtualhost", "enable_sni", "fast_recovery", "tls_compliant", "protocol",
    // SMTP_CHECK
    "helo_name", "host",
    // DNS_CHECK
    "type", "name",
    // MISC_CHECK
    "misc_path", "misc_timeout", "misc_dynamic", "user",
    // BFD_CHECK
    "weight", "reverse",
    // UDP_CHECK
    "payload", "require_reply", "min_reply_length", "max_reply_length",
    // FILE_CHECK
    "track_file", "file", "init_file",
    // url / extra
    "path", "digest", "status_code", "regex", "regex_no_match", "regex_options", "regex_stack", "regex_min_offset",
    "regex_max_offset", "ssl_cert", "ssl_key", "ssl_ca", "password", "certificate", "key", "ca", "timeout",
    "check_ip", "ip_family", "ttl"};

constexpr std::string_view group_keywords[] = {"fwmark", "vip", "ip", "address", "port", "range", "-"};

constexpr std::string_view bfd_keywords[] = {
    "source_ip", "neighbor_ip", "min_rx", "min_tx", "idle_tx", "multiplier", "passive", "ttl", "hoplimit",
    "max_hops", "weight"};

constexpr std::string_view ssl_keywords[] = {"password", "ca", "certificate", "key", "cipher", "ssl_verify"};

constexpr std::string_view checker_names[] = {
    "HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "BFD_CHECK", "UDP_CHECK",
    "PING_CHECK", "FILE_CHECK"};

bool is_checker(std::string_view name) {
    for (const auto c : checker_names) {
        if (c == name) {
            return true;
        }
    }
    return name == "ICMP_CHECK";
}

void validate(BindContext& ctx, std::span<const Statement> statements, Names names, config::LvsSummary& lvs) {
    for (const auto& s : statements) {
        if (s.words.empty()) {
            continue;
        }
        const auto kw = s.keyword();
        if (!KeywordSet{names}.contains(kw)) {
            report_unknown_keyword(ctx, s, names);
            continue;
        }
        if (!s.has_block) {
            continue;
        }
        if (kw == "real_server") {
            ++lvs.real_servers_;
            validate(ctx, s.block, real_server_keywords, lvs);
        } else if (is_checker(kw) || kw == "url" || kw == "host") {
            validate(ctx, s.block, checker_keywords, lvs);
        }
    }
}

} // namespace

void validate_lvs_block(BindContext& ctx, const Statement& s, config::LvsSummary& lvs) {
    const auto kw = s.keyword();
    if (kw == "virtual_server") {
        ++lvs.virtual_servers_;
        validate(ctx, s.block, virtual_server_keywords, lvs);
    } else if (kw == "virtual_server_group") {
        ++lvs.virtual_server_groups_;
        // Entries are addresses, ranges or `fwmark N`: not keywords.
        for (const auto& line : s.block) {
            if (!line.words.empty() && line.keyword() != "fwmark" && !config::IpAddress::parse(line.keyword()) &&
                line.keyword().find('-') == std::string_view::npos && line.keyword().find('/') == std::string_view::npos) {
                report_unknown_keyword(ctx, line, group_keywords);
            }
        }
    } else if (kw == "bfd_instance") {
        validate(ctx, s.block, bfd_keywords, lvs);
    } else if (kw == "SSL") {
        validate(ctx, s.block, ssl_keywords, lvs);
    }
    lvs.blocks_.push_back(raw_statement(s));
}

} // namespace vigil::parser
