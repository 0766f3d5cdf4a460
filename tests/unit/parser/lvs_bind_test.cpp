// Binding of virtual_server, real_server, the checkers, virtual_server_group, SSL,
// bfd_instance and the checker globals (keepalived 2.2.7's reading order and messages).
#include "lvs_helpers.hpp"

#include "parser/dump_config.hpp"

using namespace vigil;
using namespace vigil::parser;
using namespace vigil::parser::test;
using config::ForwardingMethod;

TEST_CASE("a valid virtual server binds without diagnostics") {
    const auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  TCP_CHECK {\n   connect_timeout 3\n  }\n }"));
    INFO(messages(r));
    CHECK(r.diagnostics_.empty());
    const auto& v = first_vs(r);
    CHECK(v.kind_ == config::VirtualServerKind::address);
    CHECK(v.port_ == 80);
    CHECK(v.family_ == net::Family::ipv4);
    REQUIRE(v.real_servers_.size() == 1);
    REQUIRE(v.real_servers_[0].checkers_.size() == 1);
    CHECK(v.real_servers_[0].checkers_[0].connection_.connect_timeout_ == std::chrono::seconds{3});
    CHECK(r.config_.lvs_->has_virtual_server_keyword_);
}

TEST_CASE("an invalid virtual server is skipped with its block, but still starts the checker") {
    const auto r = load("virtual_server 192.0.2.300 80 {\n bogus_keyword\n}\n");
    CHECK(has(r, "Invalid virtual server IP address/port 192.0.2.300/80 - skipping"));
    CHECK_FALSE(has(r, "bogus_keyword"));
    REQUIRE(r.config_.lvs_);
    CHECK(r.config_.lvs_->virtual_servers_.empty());
    CHECK(r.config_.lvs_->has_virtual_server_keyword_);
}

TEST_CASE("a port of only zeros is no port") {
    const auto r = load(vs("192.0.2.1 000", "persistence_timeout\n real_server 192.0.2.2 80 {\n }"));
    CHECK(first_vs(r).port_ == 0);
    CHECK(first_vs(r).persistence_timeout_ == config::ipvs_persistent_timeout);
}

TEST_CASE("forwarding: tunnel options, and a bad option keeps the method") {
    auto r = load(vs("192.0.2.1 80", "lvs_method TUN type gue port 6080 csum\n real_server 192.0.2.2 80 {\n }"));
    auto f = first_vs(r).forwarding_;
    REQUIRE(f);
    CHECK(f->method_ == ForwardingMethod::tun);
    CHECK(f->tunnel_type_ == config::TunnelType::gue);
    CHECK(f->tunnel_port_ == 6080);
    CHECK(f->tunnel_checksum_ == config::TunnelChecksum::csum);
    r = load("virtual_server 192.0.2.1 80 {\n lb_algo rr\n protocol TCP\n lb_kind TUN type ipip csum\n"
             " real_server 2001:db8::2 80 {\n }\n}\n");
    CHECK(has(r, "ipip tunnels do not support checksum option."));
    // The method is TUN although its options were refused, so the IPv6 server stays.
    CHECK(first_vs(r).real_servers_.size() == 1);
}

TEST_CASE("a real server takes the virtual server's method as read so far") {
    const auto r = load("virtual_server 192.0.2.1 80 {\n lb_algo rr\n protocol TCP\n lb_kind DR\n"
                        " real_server 192.0.2.2 80 {\n }\n lb_kind NAT\n real_server 192.0.2.3 80 {\n }\n}\n");
    const auto& v = first_vs(r);
    CHECK(v.real_servers_[0].forwarding_->method_ == ForwardingMethod::dr);
    CHECK(v.real_servers_[1].forwarding_->method_ == ForwardingMethod::nat);
}

TEST_CASE("persistence_granularity decides a fwmark service's family") {
    auto r = load(vs("fwmark 5", "persistence_granularity 64\n real_server 2001:db8::2 {\n }"));
    CHECK(first_vs(r).family_ == net::Family::ipv6);
    CHECK(first_vs(r).persistence_granularity_->prefix_ == 64);
    CHECK(first_vs(r).persistence_timeout_ == config::ipvs_persistent_timeout);
    r = load(vs("fwmark 5", "persistence_granularity 64\n real_server 192.0.2.2 {\n }"));
    CHECK(has(r, "Address family of virtual server and real server 192.0.2.2 don't match - skipping real server."));
    r = load(vs("192.0.2.1 80", "persistence_granularity 255.255\n real_server 192.0.2.2 80 {\n }"));
    CHECK(first_vs(r).persistence_granularity_->netmask_.to_string() == "255.0.0.255");
}

TEST_CASE("scheduler flags depend on the scheduler read so far") {
    const auto r = load("virtual_server 192.0.2.1 80 {\n lb_kind NAT\n protocol TCP\n sh-port\n lb_algo sh\n sh-port\n"
                        " mh-port\n hashed\n real_server 192.0.2.2 80 {\n }\n}\n");
    CHECK(has(r, "sh-port only applies to sh scheduler - ignoring"));
    CHECK_FALSE(has(r, "mh-port only"));
    CHECK(first_vs(r).flags_ == config::lvs_flag_sched2);
}

TEST_CASE("duplicate scripts name the group, or (null)") {
    const auto r = load(vs("192.0.2.1 80", "quorum_up /bin/a\n quorum_up /bin/b\n real_server 192.0.2.2 80 {\n }"));
    CHECK(has(r, "((null)) quorum_up script already specified - ignoring /bin/b"));
}

TEST_CASE("keepalived's decimal reader keeps a value with trailing junk") {
    const auto r = load(vs("192.0.2.1 80", "delay_before_retry 2x\n warmup 1.2345678\n real_server 192.0.2.2 80 {\n }"));
    CHECK(has(r, "invalid number '2x'"));
    CHECK(has(r, "number '1.2345678' has too many decimal places"));
    CHECK(first_vs(r).delay_before_retry_ == std::chrono::microseconds{2});
    CHECK(first_vs(r).warmup_ == std::chrono::microseconds{1234568});
}

TEST_CASE("checker connection options") {
    const auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  TCP_CHECK {\n   connect_ip 2001:db8::1\n"
                                           "   bindto 192.0.2.9\n  }\n  TCP_CHECK {\n   connect_ip fe80::1\n  }\n"
                                           "  TCP_CHECK {\n   connect_ip fe80::1\n   bind_if eth0\n  }\n }"));
    CHECK(has(r, "bindto address 192.0.2.9 does not match address family of connect_ip - skipping"));
    CHECK(has(r, "Checker link local address fe80::1 requires a bind_if"));
    const auto& checkers = first_vs(r).real_servers_[0].checkers_;
    REQUIRE(checkers.size() == 2);
    CHECK_FALSE(checkers[0].connection_.bindto_);
    CHECK(checkers[1].connection_.bind_if_ == "eth0");
}

TEST_CASE("SMTP_CHECK host blocks replace the checker's own connection unless it has options") {
    auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 25 {\n  SMTP_CHECK {\n   host {\n    connect_ip 192.0.2.3\n"
                                     "   }\n  }\n }"));
    auto smtp = std::get<config::SmtpCheck>(first_vs(r).real_servers_[0].checkers_[0].detail_);
    CHECK_FALSE(smtp.check_own_connection_);
    REQUIRE(smtp.hosts_.size() == 1);
    CHECK(smtp.hosts_[0].connect_ip_->to_string() == "192.0.2.3");
    r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 25 {\n  SMTP_CHECK {\n   connect_port 2525\n   host {\n   }\n"
                                "  }\n }"));
    smtp = std::get<config::SmtpCheck>(first_vs(r).real_servers_[0].checkers_[0].detail_);
    CHECK(smtp.check_own_connection_);
    CHECK(smtp.helo_name_ == "smtpchecker.keepalived.org");
}

TEST_CASE("DNS_CHECK: type case-insensitive, keepalived's empty-label test") {
    const auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 53 {\n  DNS_CHECK {\n   type aaaa\n   name a.example\n"
                                           "   name ab.example\n   name cd.example\n  }\n }"));
    CHECK(has(r, "DNS_CHECK name 'a.example' has empty label - ignoring"));
    CHECK(has(r, "DNS_CHECK name already specified - ignoring"));
    const auto& dns = std::get<config::DnsCheck>(first_vs(r).real_servers_[0].checkers_[0].detail_);
    CHECK(dns.type_ == config::DnsType::aaaa);
    CHECK(dns.name_ == "ab.example");
}

TEST_CASE("UDP_CHECK hex strings, with wildcards in the reply") {
    auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 53 {\n  UDP_CHECK {\n   payload 0 1a ff 2\n"
                                     "   require_reply 1x X2\n  }\n }"));
    INFO(messages(r));
    auto udp = std::get<config::UdpCheck>(first_vs(r).real_servers_[0].checkers_[0].detail_);
    CHECK(udp.payload_ == std::vector<std::uint8_t>{0x00, 0x1a, 0xff, 0x02});
    CHECK(udp.reply_ == std::vector<std::uint8_t>{0x10, 0x02});
    CHECK(udp.reply_mask_ == std::vector<std::uint8_t>{0x0f, 0xf0});
    // keepalived refuses a string that ends in the byte ff.
    r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 53 {\n  UDP_CHECK {\n   payload 00 ff\n  }\n }"));
    CHECK(has(r, "Invalid hex string for UDP_CHECK payload"));
}

TEST_CASE("HTTP_GET urls: digest, status codes, no path") {
    const auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  HTTP_GET {\n   url {\n    path /\n"
                                           "    digest 9B3A0C85A887A256D6939DA88AABD8CD\n    status_code 200 301-302 700\n"
                                           "   }\n   url {\n    digest 12\n   }\n  }\n }"));
    CHECK(has(r, "Invalid HTTP_GET status code '700'"));
    CHECK(has(r, "digest '12' character length should be 32 rather than 2"));
    CHECK(has(r, "HTTP/SSL_GET checker url has no path - ignoring"));
    const auto& http = std::get<config::HttpCheck>(first_vs(r).real_servers_[0].checkers_[0].detail_);
    REQUIRE(http.urls_.size() == 1);
    CHECK((*http.urls_[0].digest_)[0] == 0x9b);
    CHECK(http.urls_[0].status_codes_.size() == 2);
}

TEST_CASE("HTTP_GET: a bad hex digit is reported with the text keepalived has left") {
    const auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  TCP_CHECK {\n  }\n  HTTP_GET {\n   url {\n"
                                           "    path /\n    digest 0123g56789abcdef0123456789abcdef\n   }\n  }\n }"));
    CHECK(has(r, "Unable to interpret hex digit in '0123g5' at offset 4/5"));
}

TEST_CASE("MISC_CHECK: the command is split like notify scripts, words after it are ignored") {
    const auto r = load("global_defs {\n enable_script_security\n script_user root\n}\n" +
                        vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  MISC_CHECK {\n   misc_path \"/bin/check a 'b c'\" x\n"
                                           "   misc_timeout 4\n   user daemon\n  }\n }"));
    INFO(messages(r));
    const auto& misc = std::get<config::MiscCheck>(first_vs(r).real_servers_[0].checkers_[0].detail_);
    CHECK(misc.script_->argv_ == std::vector<std::string>{"/bin/check", "a", "b c"});
    CHECK(misc.timeout_ == 4U);
    CHECK(misc.user_->name_ == "daemon");
}

TEST_CASE("virtual_server_group entries") {
    const auto r = load("virtual_server_group G {\n 192.0.2.1-10 80\n 192.0.2.16/28 80\n 2001:db8::10-1f 443\n"
                        " 192.0.2.20-10 80\n fwmark 5 inet6\n 192.0.2.40-5x 80\n}\n");
    CHECK(has(r, "Address range end is not greater than address range start - 192.0.2.20-10 - skipping"));
    CHECK(has(r, "Virtual server group range '192.0.2.40-5x' has extra characters at end 'x'"));
    REQUIRE(r.config_.lvs_);
    const auto& g = r.config_.lvs_->groups_.at(0);
    REQUIRE(g.entries_.size() == 4);
    CHECK(g.entries_[0].last_.to_string() == "192.0.2.10");
    CHECK(g.entries_[1].last_.to_string() == "192.0.2.31");
    CHECK(g.entries_[2].last_.to_string() == "2001:db8::1f");
    CHECK(g.entries_[3].fwmark_family_ == net::Family::ipv6);
}

TEST_CASE("bfd_instance as the BFD, VRRP and checker processes read it") {
    const auto r = load("bfd_instance b1 {\n neighbor_ip 192.0.2.5\n weight 10 reverse\n}\n"
                        "bfd_instance b2 {\n source_ip 192.0.2.6\n checker\n}\n"
                        "bfd_instance b1 {\n neighbor_ip 192.0.2.8\n}\n");
    CHECK(has(r, "BFD instance b2 has no neighbor address set, disabling instance"));
    CHECK(has(r, "BFD instance b1 already configured - ignoring"));
    CHECK(has(r, "BFD b1 already specified"));
    const auto& list = r.config_.bfd_instances_;
    REQUIRE(list.size() == 3);
    CHECK(list[0].runs_);
    CHECK(list[0].tracked_by_vrrp_);
    CHECK(list[0].weight_ == 10);
    CHECK(list[0].weight_reverse_);
    CHECK_FALSE(list[1].runs_);  // no neighbour: no session...
    CHECK_FALSE(list[1].tracked_by_vrrp_);  // ...and only for the checker
    CHECK(list[1].tracked_by_checker_);
    CHECK_FALSE(list[2].runs_);
}

TEST_CASE("track_bfd and BFD_CHECK name bfd_instances defined above them") {
    const auto r = load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n track_bfd {\n  b1\n }\n"
                        " virtual_ipaddress {\n  192.0.2.100\n }\n}\n"
                        "bfd_instance b1 {\n neighbor_ip 192.0.2.5\n}\n" +
                        vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  BFD_CHECK {\n   name b1\n  }\n"
                                           "  BFD_CHECK {\n   name b1\n  }\n }"));
    CHECK(has(r, "(VI_1) track bfd b1 not found, ignoring..."));
    CHECK(has(r, "([192.0.2.2]:tcp:80) BFD_CHECK - RS already monitoring b1"));
    CHECK(first_vs(r).real_servers_[0].checkers_.size() == 1);
}

TEST_CASE("checker globals") {
    const auto r = load("global_defs {\n lvs_timeouts tcp 10 udp\n lvs_sync_daemon eth0 VI_1 5\n"
                        " checker_rt_priority 120\n lvs_flush_on_stop VS\n}\n"
                        "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n"
                        "  192.0.2.100\n }\n}\n");
    CHECK(has(r, "No value specified for lvs_timeout udp - ignoring"));
    CHECK(has(r, "Please use keyword \"id\" before lvs_sync_daemon SYNCID"));
    CHECK(has(r, "checker process real-time priority 120 greater than maximum 99 - setting to maximum"));
    REQUIRE(r.config_.global_.checker_);
    const auto& g = *r.config_.global_.checker_;
    CHECK(g.lvs_timeouts_->tcp_ == 10U);
    CHECK(g.lvs_sync_daemon_->instance_ == "VI_1");
    CHECK(g.lvs_sync_daemon_->sync_id_ == 5U);
    CHECK(g.checker_.rt_priority_ == 99U);
    CHECK(g.lvs_flush_on_stop_ == config::LvsFlushOnStop::virtual_servers);
}

TEST_CASE("a config without LVS allocates no LVS model") {
    const auto r = load("global_defs {\n router_id r\n}\n");
    CHECK_FALSE(r.config_.lvs_);
    CHECK_FALSE(r.config_.global_.checker_);
}

TEST_CASE("the LVS dump re-parses to an equal model") {
    const auto first = load(
        "global_defs {\n lvs_flush\n smtp_alert_checker\n}\n"
        "bfd_instance b1 {\n neighbor_ip 192.0.2.5\n min_rx 12.5\n}\n"
        "track_file tf {\n file /run/tf\n}\n"
        "virtual_server_group G {\n 192.0.2.1-10 80\n fwmark 3 inet\n}\n" +
        vs("192.0.2.1 80", "quorum 2\n sorry_server 192.0.2.9\n real_server 192.0.2.2 {\n weight 2\n"
                           "  HTTP_GET {\n   url {\n    path /\n    regex \"a \\\"b\\\"\"\n   }\n  }\n"
                           "  MISC_CHECK {\n   misc_path \"/bin/x 'a b'\"\n  }\n  UDP_CHECK {\n   require_reply 1x\n  }\n"
                           "  FILE_CHECK {\n   track_file tf\n   weight -3 reverse\n  }\n  BFD_CHECK {\n   name b1\n  }\n }") +
        vs("group G", " real_server 192.0.2.3 80 {\n }"));
    const auto text = dump_config(first.config_);
    INFO(text);
    const auto second = load(text);
    CHECK(second.config_ == first.config_);
    CHECK(dump_config(second.config_) == text);
}
