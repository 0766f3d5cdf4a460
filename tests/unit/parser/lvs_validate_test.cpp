// keepalived's checks of the LVS configuration after reading it (validate_lvs*).
#include "lvs_helpers.hpp"

using namespace vigil;
using namespace vigil::parser;
using namespace vigil::parser::test;

TEST_CASE("defaults are derived and reported as keepalived does") {
    const auto r = load("virtual_server 192.0.2.1 80 {\n real_server 192.0.2.2 {\n }\n}\n");
    CHECK(has(r, "Virtual server [192.0.2.1]:none:80: no protocol set - defaulting to UDP"));
    CHECK(has(r, "Virtual server [192.0.2.1]:udp:80: no scheduler set, setting default 'wlc'"));
    CHECK(has(r, "Virtual server [192.0.2.1]:udp:80: no forwarding method set, setting default NAT"));
    CHECK(r.diagnostics_.exit_status() == 5);
    const auto& v = first_vs(r);
    CHECK(v.protocol_ == config::LvsProtocol::udp);
    CHECK(v.scheduler_ == "wlc");
    const auto& rs = v.real_servers_.at(0);
    CHECK(rs.forwarding_->method_ == config::ForwardingMethod::nat);
    CHECK(rs.configured_port_ == 0);
    CHECK(rs.port_ == 80);  // a NAT server without a port takes the service's
    CHECK(rs.weight_ == 1U);
    CHECK(rs.smtp_alert_ == true);  // on by default, unlike the virtual server's
    CHECK(v.smtp_alert_ == false);
}

TEST_CASE("quorum and hysteresis are clamped; a zero total weight wraps the hysteresis") {
    const auto r = load(vs("192.0.2.1 80", "quorum 3\n real_server 192.0.2.2 80 {\n  weight 0\n }"));
    CHECK(has(r, "Warning - quorum 3 for [192.0.2.1]:tcp:80 exceeds total weight of real servers 0, reducing quorum to 0"));
    CHECK(has(r, "hysteresis 0 >= quorum 0; setting hysteresis to 4294967295"));
    CHECK(first_vs(r).quorum_ == 0U);
    CHECK(first_vs(r).hysteresis_ == 4294967295U);
}

TEST_CASE("ports of DR servers and of fwmark services") {
    const auto r = load("virtual_server 192.0.2.1 80 {\n lb_algo rr\n protocol TCP\n lb_kind DR\n"
                        " real_server 192.0.2.2 8080 {\n }\n real_server 192.0.2.3 {\n }\n}\n" +
                        vs("fwmark 5", "lvs_method DR\n real_server 192.0.2.4 80 {\n }"));
    CHECK(has(r, "WARNING - virtual server [192.0.2.1]:tcp:80 and real server [192.0.2.2]:tcp:8080 ports don't match - resetting"));
    CHECK(has(r, "Warning: Virtual server FWM 5: protocol specified for fwmark - protocol will be ignored"));
    CHECK(has(r, "WARNING - fwmark virtual server FWM 5, real server [192.0.2.4]:none:80 has port specified - clearing"));
    const auto& lvs = *r.config_.lvs_;
    CHECK(lvs.virtual_servers_[0].real_servers_[0].port_ == 80);
    CHECK(lvs.virtual_servers_[0].real_servers_[0].configured_port_ == 8080);
    CHECK(lvs.virtual_servers_[0].real_servers_[1].port_ == 80);
    CHECK(lvs.virtual_servers_[1].real_servers_[0].port_ == 0);
    CHECK(lvs.virtual_servers_[1].protocol_ == config::LvsProtocol::none);
}

TEST_CASE("fwmark 0 is taken for an address, as keepalived tests the mark for truth") {
    const auto r = load("virtual_server fwmark 0 {\n lb_algo rr\n lb_kind NAT\n real_server 192.0.2.2 80 {\n }\n}\n");
    CHECK(has(r, "no protocol set - defaulting to UDP"));
    CHECK(has(r, "zero port only valid for persistent services - setting"));
}

TEST_CASE("group virtual servers: unknown groups dropped, ordinal in messages, entry ports") {
    const auto r = load("virtual_server_group G {\n 192.0.2.1-3 80\n 192.0.2.9\n}\n" +
                        vs("group NOPE", " real_server 192.0.2.2 80 {\n }") +
                        vs("group G", " real_server 192.0.2.2 80 {\n }") +
                        vs("group G", "lvs_method DR\n real_server 192.0.2.2 81 {\n }"));
    CHECK(has(r, "warning: Virtual server group NOPE specified but not configured - ignoring virtual server [NOPE]:0"));
    CHECK(has(r, "Virtual server [G]:0: zero port only valid for persistent services - setting"));
    CHECK(has(r, "virtual server [G]:1:[192.0.2.1-192.0.2.3,80] and real server [192.0.2.2]:tcp:81 ports don't match"));
    CHECK(has(r, "virtual server [G]:1:[192.0.2.9,0] and real server [192.0.2.2]:tcp:81 ports don't match"));
    CHECK(r.config_.lvs_->virtual_servers_.size() == 2);
}

TEST_CASE("a duplicate real server is removed; a sorry server equal to a real server takes its inhibit") {
    const auto r = load(vs("192.0.2.1 80", "sorry_server 192.0.2.2 80\n real_server 192.0.2.2 80 {\n"
                                           "  inhibit_on_failure\n }\n real_server 192.0.2.2 80 {\n }"));
    CHECK(has(r, "VS [192.0.2.1]:tcp:80: real server [192.0.2.2]:tcp:80 is duplicated - removing second rs"));
    CHECK(has(r, "matches sorry server, but inhibit setting differs, setting on sorry server"));
    CHECK(first_vs(r).real_servers_.size() == 1);
    CHECK(first_vs(r).sorry_server_->inhibit_);
}

TEST_CASE("checkers take their timers from the real server, then their type's defaults") {
    const auto r = load(vs("192.0.2.1 80", "delay_loop 10\n real_server 192.0.2.2 80 {\n  connect_timeout 2\n"
                                           "  TCP_CHECK {\n  }\n  HTTP_GET {\n   url {\n    path /\n   }\n  }\n"
                                           "  DNS_CHECK {\n   delay_loop 7\n  }\n  MISC_CHECK {\n   misc_path /bin/x\n  }\n }"));
    const auto& c = first_vs(r).real_servers_.at(0).checkers_;
    REQUIRE(c.size() == 4);
    CHECK(c[0].retry_ == 1U);
    CHECK(c[0].delay_before_retry_ == std::chrono::seconds{1});
    CHECK(c[0].delay_loop_ == std::chrono::seconds{10});
    CHECK(c[0].warmup_ == std::chrono::seconds{10});
    CHECK(c[0].connection_.connect_timeout_ == std::chrono::seconds{2});
    CHECK(c[1].delay_before_retry_ == std::chrono::seconds{3});
    CHECK(c[2].retry_ == 3U);
    CHECK(c[2].delay_before_retry_ == std::chrono::seconds{7});
    CHECK(c[2].warmup_ == std::chrono::seconds{7});
    CHECK(c[3].retry_ == 0U);
    CHECK(c[3].alpha_ == false);
}

TEST_CASE("checker scripts without enable_script_security: keepalived's exit 6") {
    auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  notify_up /bin/up\n }"));
    CHECK(has(r, "SECURITY VIOLATION - check scripts are being executed but script_security not enabled."));
    CHECK(r.diagnostics_.exit_status() == 6);
    // Missing scripts are dropped and do not count.
    r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  notify_up /bin/missing\n  MISC_CHECK {\n"
                                "   misc_path /bin/missing-too\n  }\n }"));
    CHECK(r.diagnostics_.exit_status() == 0);
    CHECK(first_vs(r).real_servers_[0].checkers_.empty());
    CHECK_FALSE(first_vs(r).real_servers_[0].notify_up_);
    // Unsafe ones run as root are flagged.
    r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n  notify_up /tmp/up\n }"));
    CHECK(has(r, "script_security not enabled. There are insecure scripts."));
}

TEST_CASE("enable_script_security without a default user: MISC_CHECK removed, notify dropped") {
    const auto r = load("global_defs {\n enable_script_security\n}\n" +
                        vs("192.0.2.1 80", "quorum_up /bin/up\n real_server 192.0.2.2 80 {\n  MISC_CHECK {\n"
                                           "   misc_path /bin/check\n  }\n  MISC_CHECK {\n   misc_path /bin/check2\n"
                                           "   user nobody_here\n  }\n }"));
    CHECK(has(r, "Unable to set default user keepalived_script for script"));
    CHECK(has(r, "Unable to set default user for misc script '/bin/check' - removing"));
    CHECK(has(r, "Failed to set uid/gid for misc checker script '/bin/check2' - removing"));
    CHECK(r.diagnostics_.exit_status() == 5);
    CHECK(first_vs(r).real_servers_[0].checkers_.empty());
    CHECK_FALSE(first_vs(r).quorum_up_);
}

TEST_CASE("a MISC_CHECK of a real server dropped for its family still counts in the script check") {
    const auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n }\n real_server 2001:db8::2 80 {\n"
                                           "  MISC_CHECK {\n   misc_path /bin/check\n  }\n }"));
    CHECK(has(r, "Address family of virtual server and real server 2001:db8::2 don't match - skipping real server."));
    CHECK(r.diagnostics_.exit_status() == 6);
}

TEST_CASE("lvs_sync_daemon_interface of an instance after the global lvs_sync_daemon") {
    const auto r = load("global_defs {\n lvs_sync_daemon eth0 inst VI_2\n}\n"
                        "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n lvs_sync_daemon_interface eth1\n"
                        " virtual_ipaddress {\n  192.0.2.100\n }\n}\n");
    CHECK(has(r, "(VI_1) lvs_sync_daemon_interface has already been specified as eth0 - ignoring"));
    // Checked when keepalived starts, not by -t: a notice.
    CHECK(has(r, "warning: Unable to find vrrp instance VI_2 for lvs_syncd - clearing lvs_syncd config"));
    CHECK_FALSE(r.config_.global_.checker_->lvs_sync_daemon_);
}

TEST_CASE("virtual servers for the same IPVS service: a notice only, as keepalived accepts them") {
    const auto r = load(vs("192.0.2.1 80", " real_server 192.0.2.2 80 {\n }") +
                        vs("192.0.2.1 80", " real_server 192.0.2.3 80 {\n }") +
                        vs("192.0.2.1 81", " real_server 192.0.2.3 81 {\n }"));
    CHECK(has(r, "warning: Virtual server [192.0.2.1]:tcp:80 programs the same IPVS service(s) as the one defined at "
                 "line 1: keepalived merges them"));
    CHECK(r.diagnostics_.exit_status() == 0);
    CHECK(r.config_.lvs_->virtual_servers_.size() == 3);
}
