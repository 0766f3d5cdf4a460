#include "parser/dump_lvs.hpp"

#include "parser/bind_context.hpp"

#include <fmt/format.h>

namespace vigil::parser {

namespace {

using namespace config;
using namespace net;

std::string seconds(std::chrono::microseconds v) {
    return format_seconds(v);
}

// Milliseconds with up to three decimals (BFD intervals).
std::string milliseconds(std::chrono::microseconds v) {
    const auto us = v.count();
    std::string out = std::to_string(us / 1000);
    if (us % 1000 != 0) {
        std::string frac = fmt::format("{:03d}", us % 1000);
        while (frac.back() == '0') {
            frac.pop_back();
        }
        out += "." + frac;
    }
    return out;
}

void opt_timer(Writer& w, std::string_view kw, const std::optional<std::chrono::microseconds>& v) {
    if (v) {
        w.line(fmt::format("{} {}", kw, seconds(*v)));
    }
}

template <typename T>
void opt_value(Writer& w, std::string_view kw, const std::optional<T>& v) {
    if (v) {
        w.value(kw, *v);
    }
}

void bool_value(Writer& w, std::string_view kw, const std::optional<bool>& v) {
    if (v) {
        w.line(fmt::format("{} {}", kw, *v ? "true" : "false"));
    }
}

std::string address_port(const IpAddress& a, unsigned port) {
    return port == 0 ? a.to_string() : fmt::format("{} {}", a.to_string(), port);
}

std::string forwarding_text(const Forwarding& f) {
    std::string out = f.method_ == ForwardingMethod::nat  ? "NAT"
                      : f.method_ == ForwardingMethod::dr ? "DR"
                                                          : "TUN";
    if (f.tunnel_type_ != TunnelType::ipip) {
        out += f.tunnel_type_ == TunnelType::gue ? " type gue" : " type gre";
    }
    if (f.tunnel_port_ != 0) {
        out += fmt::format(" port {}", f.tunnel_port_);
    }
    if (f.tunnel_checksum_ != TunnelChecksum::nocsum) {
        out += f.tunnel_checksum_ == TunnelChecksum::csum ? " csum" : " remcsum";
    }
    return out;
}

void forwarding(Writer& w, std::string_view kw, const std::optional<Forwarding>& f) {
    if (f) {
        w.line(fmt::format("{} {}", kw, forwarding_text(*f)));
    }
}

std::string hex(const std::vector<std::uint8_t>& data, const std::vector<std::uint8_t>& mask) {
    std::string out;
    constexpr char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < data.size(); ++i) {
        const std::uint8_t m = i < mask.size() ? mask[i] : 0;
        out += (m & 0xf0) != 0 ? 'x' : digits[data[i] >> 4];
        out += (m & 0x0f) != 0 ? 'x' : digits[data[i] & 0x0f];
    }
    return out;
}

// ---- global_defs ----

void tuning(Writer& w, std::string_view process, const ProcessTuning& t) {
    w.opt_string(fmt::format("{}_process_name", process), t.process_name_);
    if (t.priority_ != 0) {
        w.value(fmt::format("{}_priority", process), t.priority_);
    }
    w.flag(fmt::format("{}_no_swap", process), t.no_swap_);
    opt_value(w, fmt::format("{}_rt_priority", process), t.rt_priority_);
    if (!t.cpu_affinity_.empty()) {
        w.line(fmt::format("{}_cpu_affinity {}", process, fmt::join(t.cpu_affinity_, " ")));
    }
    if (t.rlimit_rttime_ != 10000 && t.rlimit_rttime_ != 0) {
        w.value(fmt::format("{}_rlimit_rttime", process), t.rlimit_rttime_);
    }
}

// ---- checkers ----

void connection(Writer& w, const ConnectionOptions& co, const std::optional<std::chrono::microseconds>& timeout) {
    if (co.connect_ip_) {
        w.line("connect_ip " + co.connect_ip_->to_string());
    }
    opt_value(w, "connect_port", co.connect_port_);
    if (co.bindto_) {
        w.line("bindto " + co.bindto_->to_string());
    }
    opt_value(w, "bind_port", co.bind_port_);
    w.opt_string("bind_if", co.bind_if_);
    if (co.connect_timeout_ != timeout) {
        opt_timer(w, "connect_timeout", co.connect_timeout_);
    }
    w.value_unless_default("fwmark", co.fwmark_, 0);
}

void url(Writer& w, const HttpUrl& u) {
    w.open("url");
    w.line("path " + word(u.path_));
    if (u.digest_) {
        const std::vector<std::uint8_t> bytes(u.digest_->begin(), u.digest_->end());
        w.line("digest " + hex(bytes, {}));
    }
    if (!u.status_codes_.empty()) {
        std::string text = "status_code";
        for (const auto& [lo, hi] : u.status_codes_) {
            text += lo == hi ? fmt::format(" {}", lo) : fmt::format(" {}-{}", lo, hi);
        }
        w.line(text);
    }
    w.opt_string("virtualhost", u.virtualhost_);
    if (u.regex_) {
        w.line("regex " + quote_script_word(*u.regex_));
        w.flag("regex_no_match", u.regex_no_match_);
        if (!u.regex_options_.empty()) {
            w.line(fmt::format("regex_options {}", fmt::join(u.regex_options_, " ")));
        }
        w.value_unless_default("regex_min_offset", u.regex_min_offset_, 0);
        opt_value(w, "regex_max_offset", u.regex_max_offset_);
        if (u.regex_stack_) {
            w.line(fmt::format("regex_stack {} {}", u.regex_stack_->first, u.regex_stack_->second));
        }
    }
    w.close();
}

struct DetailWriter {
    Writer& w;
    const std::optional<std::chrono::microseconds>& timeout;  // derived connect_timeout
    void operator()(const std::monostate&) const {}
    void operator()(const HttpCheck& h) const {
        if (h.protocol_ != HttpProtocol::http_1_0) {
            w.line(h.protocol_ == HttpProtocol::http_1_1 ? "http_protocol 1.1" : "http_protocol 1.0C");
        }
        w.opt_string("virtualhost", h.virtualhost_);
        w.flag("enable_sni", h.enable_sni_);
        w.flag("fast_recovery", h.fast_recovery_);
        for (const auto& u : h.urls_) {
            url(w, u);
        }
    }
    void operator()(const SmtpCheck& s) const {
        if (s.helo_name_ != SmtpCheck{}.helo_name_) {
            w.line("helo_name " + word(s.helo_name_));
        }
        for (const auto& h : s.hosts_) {
            w.open("host");
            connection(w, h, timeout);
            w.close();
        }
    }
    void operator()(const DnsCheck& d) const {
        constexpr std::pair<DnsType, std::string_view> names[] = {
            {DnsType::a, "A"},     {DnsType::ns, "NS"},     {DnsType::cname, "CNAME"},
            {DnsType::soa, "SOA"}, {DnsType::mx, "MX"},     {DnsType::txt, "TXT"},
            {DnsType::aaaa, "AAAA"}, {DnsType::rrsig, "RRSIG"}, {DnsType::dnskey, "DNSKEY"}};
        for (const auto& [type, name] : names) {
            if (type == d.type_ && type != DnsType::soa) {
                w.line(fmt::format("type {}", name));
            }
        }
        if (!d.name_.empty()) {
            w.line("name " + word(d.name_));
        }
    }
    void operator()(const MiscCheck& m) const {
        w.line("misc_path " + quote_script_word(m.script_->text_));
        opt_value(w, "misc_timeout", m.timeout_);
        w.flag("misc_dynamic", m.dynamic_);
        if (m.user_) {
            w.line("user " + word(m.user_->name_) + (m.user_->group_ ? " " + word(*m.user_->group_) : ""));
        }
    }
    void operator()(const UdpCheck& u) const {
        if (!u.payload_.empty()) {
            w.line("payload " + hex(u.payload_, {}));
        }
        if (u.require_reply_) {
            w.line(u.reply_.empty() ? std::string{"require_reply"} : "require_reply " + hex(u.reply_, u.reply_mask_));
        }
        w.value_unless_default("min_reply_length", u.min_reply_length_, 0);
        w.value_unless_default("max_reply_length", u.max_reply_length_, 255);
    }
    void operator()(const FileCheck& f) const {
        w.line("track_file " + word(f.track_file_));
        if (f.weight_) {
            w.line(fmt::format("weight {}{}", *f.weight_, f.reverse_ ? " reverse" : ""));
        }
    }
    void operator()(const BfdCheck& b) const { w.line("name " + word(b.name_)); }
};

constexpr std::string_view checker_keyword(CheckerType t) {
    switch (t) {
    case CheckerType::http_get:
        return "HTTP_GET";
    case CheckerType::ssl_get:
        return "SSL_GET";
    case CheckerType::tcp:
        return "TCP_CHECK";
    case CheckerType::smtp:
        return "SMTP_CHECK";
    case CheckerType::dns:
        return "DNS_CHECK";
    case CheckerType::misc:
        return "MISC_CHECK";
    case CheckerType::udp:
        return "UDP_CHECK";
    case CheckerType::ping:
        return "PING_CHECK";
    case CheckerType::file:
        return "FILE_CHECK";
    case CheckerType::bfd:
        return "BFD_CHECK";
    }
    return "TCP_CHECK";
}

// What validation derives for a checker from its real server (validate_lvs.cpp
// checker_defaults): the dump leaves those values out.
Checker derived_defaults(const Checker& c, const RealServer& rs) {
    Checker d;
    d.type_ = c.type_;
    d.alpha_ = rs.alpha_;
    d.retry_ = rs.retry_.value_or(c.type_ == CheckerType::misc ? 0U : c.type_ == CheckerType::dns ? 3U : 1U);
    d.connection_.connect_timeout_ = rs.connect_timeout_;
    d.delay_loop_ = rs.delay_loop_;
    const auto loop = c.delay_loop_ ? c.delay_loop_ : rs.delay_loop_;  // what the checker uses
    d.warmup_ = rs.warmup_ ? rs.warmup_ : loop;
    using std::chrono::seconds;
    const std::chrono::microseconds fallback = c.type_ == CheckerType::http_get || c.type_ == CheckerType::ssl_get
                                                   ? std::chrono::microseconds{seconds{3}}
                                               : c.type_ == CheckerType::dns ? loop.value_or(seconds{60})
                                                                             : std::chrono::microseconds{seconds{1}};
    d.delay_before_retry_ = rs.delay_before_retry_.value_or(fallback);
    return d;
}

template <typename T>
void unless(Writer& w, std::string_view kw, const std::optional<T>& v, const std::optional<T>& derived) {
    if (v && v != derived) {
        if constexpr (std::is_same_v<T, std::chrono::microseconds>) {
            w.line(fmt::format("{} {}", kw, seconds(*v)));
        } else if constexpr (std::is_same_v<T, bool>) {
            w.line(fmt::format("{} {}", kw, *v ? "true" : "false"));
        } else {
            w.value(kw, *v);
        }
    }
}

void checker(Writer& w, const Checker& c, const RealServer& rs) {
    const Checker d = derived_defaults(c, rs);
    w.open(checker_keyword(c.type_));
    std::visit(DetailWriter{w, d.connection_.connect_timeout_}, c.detail_);
    if (c.type_ == CheckerType::file) {
        w.close();
        return;
    }
    unless(w, "alpha", c.alpha_, d.alpha_);
    if (c.type_ == CheckerType::bfd) {
        w.close();
        return;
    }
    const bool smtp_own = !std::holds_alternative<SmtpCheck>(c.detail_) ||
                          std::get<SmtpCheck>(c.detail_).check_own_connection_;
    if (c.type_ != CheckerType::misc && smtp_own) {
        connection(w, c.connection_, d.connection_.connect_timeout_);
    }
    unless(w, "retry", c.retry_, d.retry_);
    unless(w, "delay_loop", c.delay_loop_, d.delay_loop_);
    unless(w, "delay_before_retry", c.delay_before_retry_, d.delay_before_retry_);
    unless(w, "warmup", c.warmup_, d.warmup_);
    bool_value(w, "log_all_failures", c.log_all_failures_);
    w.close();
}

void real_server(Writer& w, const RealServer& rs, const VirtualServer& vs, bool smtp_alert) {
    w.open("real_server " + address_port(rs.address_, rs.configured_port_));
    unless(w, "weight", rs.weight_, std::optional{vs.weight_});
    if (rs.forwarding_ != vs.forwarding_) {
        forwarding(w, "lvs_method", rs.forwarding_);
    }
    w.value_unless_default("uthreshold", rs.uthreshold_, 0);
    w.value_unless_default("lthreshold", rs.lthreshold_, 0);
    unless(w, "inhibit_on_failure", rs.inhibit_on_failure_, std::optional{vs.inhibit_on_failure_});
    unless(w, "alpha", rs.alpha_, std::optional{vs.alpha_});
    unless(w, "smtp_alert", rs.smtp_alert_, std::optional{smtp_alert});
    w.command("notify_up", rs.notify_up_);
    w.command("notify_down", rs.notify_down_);
    unless(w, "retry", rs.retry_, vs.retry_);
    unless(w, "delay_before_retry", rs.delay_before_retry_, vs.delay_before_retry_);
    unless(w, "warmup", rs.warmup_, vs.warmup_);
    unless(w, "delay_loop", rs.delay_loop_, std::optional{vs.delay_loop_});
    unless(w, "connect_timeout", rs.connect_timeout_, std::optional{vs.connect_timeout_});
    if (rs.virtualhost_) {
        w.line("virtualhost " + word(*rs.virtualhost_));
    }
    if (rs.snmp_name_) {
        w.line("snmp_name " + word(*rs.snmp_name_));
    }
    for (const auto& c : rs.checkers_) {
        checker(w, c, rs);
    }
    w.close();
}

void scheduler_flags(Writer& w, const VirtualServer& vs) {
    w.flag("ops", (vs.flags_ & lvs_flag_one_packet) != 0);
    const std::string_view prefix = vs.scheduler_ == "sh" ? "sh" : vs.scheduler_ == "mh" ? "mh" : "";
    if ((vs.flags_ & lvs_flag_sched1) != 0) {
        w.line(prefix.empty() ? std::string{"flag-1"} : fmt::format("{}-fallback", prefix));
    }
    if ((vs.flags_ & lvs_flag_sched2) != 0) {
        w.line(prefix.empty() ? std::string{"flag-2"} : fmt::format("{}-port", prefix));
    }
    w.flag("flag-3", (vs.flags_ & lvs_flag_sched3) != 0);
}

std::string_view protocol_keyword(LvsProtocol p) {
    switch (p) {
    case LvsProtocol::tcp:
        return "TCP";
    case LvsProtocol::udp:
        return "UDP";
    case LvsProtocol::sctp:
        return "SCTP";
    case LvsProtocol::none:
        break;
    }
    return "";
}

// The smtp_alert values validation derives: for virtual servers (else false) and real
// servers (else true).
std::optional<bool> smtp_alert_default(const GlobalDefs& g) {
    if (g.checker_ && g.checker_->smtp_alert_checker_) {
        return g.checker_->smtp_alert_checker_;
    }
    return g.smtp_alert_;
}

void virtual_server(Writer& w, const VirtualServer& vs, const GlobalDefs& globals) {
    switch (vs.kind_) {
    case VirtualServerKind::address:
        w.open("virtual_server " + address_port(vs.address_, vs.port_));
        break;
    case VirtualServerKind::fwmark:
        w.open(fmt::format("virtual_server fwmark {}", vs.fwmark_));
        break;
    case VirtualServerKind::group:
        w.open("virtual_server group " + word(vs.group_));
        break;
    }
    const VirtualServer d;
    if (vs.ip_family_) {
        w.line(*vs.ip_family_ == Family::ipv4 ? "ip_family inet" : "ip_family inet6");
    }
    if (vs.delay_loop_ != d.delay_loop_) {
        w.line("delay_loop " + seconds(vs.delay_loop_));
    }
    w.opt_string("lvs_sched", vs.scheduler_);
    scheduler_flags(w, vs);
    forwarding(w, "lvs_method", vs.forwarding_);
    if (vs.protocol_ != LvsProtocol::none) {
        w.line(fmt::format("protocol {}", protocol_keyword(vs.protocol_)));
    }
    w.opt_string("persistence_engine", vs.persistence_engine_);
    w.value_unless_default("persistence_timeout", vs.persistence_timeout_, 0);
    if (vs.persistence_granularity_) {
        const auto& g = *vs.persistence_granularity_;
        w.line(g.family_ == Family::ipv4 ? "persistence_granularity " + g.netmask_.to_string()
                                         : fmt::format("persistence_granularity {}", g.prefix_));
    }
    w.flag("ha_suspend", vs.ha_suspend_);
    w.flag("alpha", vs.alpha_);
    w.flag("omega", vs.omega_);
    w.flag("inhibit_on_failure", vs.inhibit_on_failure_);
    const auto smtp_alert = smtp_alert_default(globals);
    unless(w, "smtp_alert", vs.smtp_alert_, std::optional{smtp_alert.value_or(false)});
    w.opt_string("virtualhost", vs.virtualhost_);
    w.opt_string("snmp_name", vs.snmp_name_);
    w.value_unless_default("quorum", vs.quorum_, d.quorum_);
    w.value_unless_default("hysteresis", vs.hysteresis_, d.hysteresis_);
    w.command("quorum_up", vs.quorum_up_);
    w.command("quorum_down", vs.quorum_down_);
    w.value_unless_default("weight", vs.weight_, d.weight_);
    if (vs.connect_timeout_ != d.connect_timeout_) {
        w.line("connect_timeout " + seconds(vs.connect_timeout_));
    }
    opt_value(w, "retry", vs.retry_);
    opt_timer(w, "delay_before_retry", vs.delay_before_retry_);
    opt_timer(w, "warmup", vs.warmup_);
    if (vs.sorry_server_) {
        const auto& ss = *vs.sorry_server_;
        w.line("sorry_server " + address_port(ss.address_, ss.port_));
        w.flag("sorry_server_inhibit", ss.inhibit_);
        if (ss.forwarding_ != vs.forwarding_) {
            forwarding(w, "sorry_server_lvs_method", ss.forwarding_);
        }
    }
    for (const auto& rs : vs.real_servers_) {
        real_server(w, rs, vs, smtp_alert.value_or(true));
    }
    w.close();
}

void group(Writer& w, const VirtualServerGroup& g) {
    w.open("virtual_server_group " + word(g.name_));
    for (const auto& e : g.entries_) {
        if (e.is_fwmark_) {
            std::string text = fmt::format("fwmark {}", e.fwmark_);
            if (e.fwmark_family_) {
                text += *e.fwmark_family_ == Family::ipv4 ? " inet" : " inet6";
            }
            w.line(text);
            continue;
        }
        const std::string range =
            e.first_ == e.last_ ? e.first_.to_string() : e.first_.to_string() + "-" + e.last_.to_string();
        w.line(e.port_ == 0 ? range : fmt::format("{} {}", range, e.port_));
    }
    w.close();
}

} // namespace

void dump_checker_globals(Writer& w, const CheckerGlobals& g) {
    const CheckerGlobals d;
    if (g.lvs_timeouts_ && (g.lvs_timeouts_->tcp_ || g.lvs_timeouts_->tcpfin_ || g.lvs_timeouts_->udp_)) {
        std::string text = "lvs_timeouts";
        if (g.lvs_timeouts_->tcp_) {
            text += fmt::format(" tcp {}", *g.lvs_timeouts_->tcp_);
        }
        if (g.lvs_timeouts_->tcpfin_) {
            text += fmt::format(" tcpfin {}", *g.lvs_timeouts_->tcpfin_);
        }
        if (g.lvs_timeouts_->udp_) {
            text += fmt::format(" udp {}", *g.lvs_timeouts_->udp_);
        }
        w.line(text);
    }
    w.flag("lvs_flush", g.lvs_flush_);
    if (g.lvs_flush_on_stop_ == LvsFlushOnStop::full) {
        w.line("lvs_flush_on_stop");
    } else if (g.lvs_flush_on_stop_ == LvsFlushOnStop::virtual_servers) {
        w.line("lvs_flush_on_stop VS");
    }
    if (g.lvs_sync_daemon_) {
        const auto& s = *g.lvs_sync_daemon_;
        std::string text = "lvs_sync_daemon " + word(s.interface_);
        if (s.instance_) {
            text += " inst " + word(*s.instance_);
        }
        const std::pair<const char*, const std::optional<unsigned>*> options[] = {
            {"id", &s.sync_id_}, {"maxlen", &s.maxlen_}, {"port", &s.port_}, {"ttl", &s.ttl_}};
        for (const auto& [name, value] : options) {
            if (*value) {
                text += fmt::format(" {} {}", name, **value);
            }
        }
        if (s.group_) {
            text += " group " + s.group_->to_string();
        }
        w.line(text);
    }
    w.fifo("lvs_notify_fifo", g.lvs_notify_fifo_);
    w.command("lvs_notify_fifo_script", g.lvs_notify_fifo_script_);
    bool_value(w, "smtp_alert_checker", g.smtp_alert_checker_);
    w.flag("checker_log_all_failures", g.checker_log_all_failures_);
    w.flag("rs_init_notifies", g.rs_init_notifies_);
    w.flag("no_checker_emails", g.no_checker_emails_);
    w.flag("enable_snmp_checker", g.enable_snmp_checker_);
    tuning(w, "checker", g.checker_);
    tuning(w, "bfd", g.bfd_);
    w.opt_string("nftables_ipvs", g.nftables_ipvs_);
    w.value_unless_default("nftables_ipvs_priority", g.nftables_ipvs_priority_, d.nftables_ipvs_priority_);
    w.value_unless_default("nftables_ipvs_start_fwmark", g.nftables_ipvs_start_fwmark_, d.nftables_ipvs_start_fwmark_);
    w.value_unless_default("lvs_netlink_cmd_rcv_bufs", g.lvs_netlink_cmd_rcv_bufs_, 0);
    w.flag("lvs_netlink_cmd_rcv_bufs_force", g.lvs_netlink_cmd_rcv_bufs_force_);
    w.value_unless_default("lvs_netlink_monitor_rcv_bufs", g.lvs_netlink_monitor_rcv_bufs_, 0);
    w.flag("lvs_netlink_monitor_rcv_bufs_force", g.lvs_netlink_monitor_rcv_bufs_force_);
}

void dump_bfd_instances(Writer& w, const std::vector<BfdInstance>& list) {
    const BfdInstance d;
    for (const auto& b : list) {
        w.open("bfd_instance " + word(b.name_));
        if (b.neighbor_) {
            w.line("neighbor_ip " + b.neighbor_->to_string());
        }
        if (b.source_) {
            w.line("source_ip " + b.source_->to_string());
        }
        if (b.min_rx_ != d.min_rx_) {
            w.line("min_rx " + milliseconds(b.min_rx_));
        }
        if (b.min_tx_ != d.min_tx_) {
            w.line("min_tx " + milliseconds(b.min_tx_));
        }
        if (b.idle_tx_ != d.idle_tx_) {
            w.line("idle_tx " + milliseconds(b.idle_tx_));
        }
        w.value_unless_default("multiplier", b.multiplier_, d.multiplier_);
        w.flag("passive", b.passive_);
        opt_value(w, "ttl", b.ttl_);
        w.value_unless_default("max_hops", b.max_hops_, 0);
        if (b.weight_ != 0 || b.weight_reverse_) {
            w.line(fmt::format("weight {}{}", b.weight_, b.weight_reverse_ ? " reverse" : ""));
        }
        w.flag("vrrp", b.notify_vrrp_);
        w.flag("checker", b.notify_checker_);
        w.close();
    }
}

void dump_lvs(Writer& w, const LvsConfig& lvs, const GlobalDefs& globals) {
    if (lvs.ssl_) {
        w.open("SSL");
        w.opt_string("password", lvs.ssl_->password_);
        w.opt_string("ca", lvs.ssl_->ca_);
        w.opt_string("certificate", lvs.ssl_->certificate_);
        w.opt_string("key", lvs.ssl_->key_);
        w.close();
    }
    for (const auto& g : lvs.groups_) {
        group(w, g);
    }
    for (const auto& vs : lvs.virtual_servers_) {
        virtual_server(w, vs, globals);
    }
}

} // namespace vigil::parser
