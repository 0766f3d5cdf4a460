// Binder rules and config-time semantics (reference §3, §4).
#include "parser/dump_config.hpp"
#include "parser/load_config.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace vigil;
using namespace vigil::parser;

namespace {

class Catalog final : public SystemCatalog {
public:
    bool interface_exists(std::string_view name) const override { return name.rfind("eth", 0) == 0 && name != "eth9"; }
    bool user_exists(std::string_view name) const override { return name != "keepalived_script"; }
    bool executable_exists(std::string_view command) const override { return command.find("missing") == std::string_view::npos; }
    // Files under /tmp/ are writable by others: unsafe.
    ScriptFile script_file(std::string_view command) const override {
        return {executable_exists(command), command.rfind("/tmp/", 0) != 0, false};
    }
};

LoadResult load(std::string_view text, Reader reader = Reader::config_test) {
    static const Catalog catalog;
    LoadOptions options;
    options.reader_ = reader;
    options.preprocess_.include_mode = IncludeMode::disabled;
    options.preprocess_.config_id = "test";
    options.system_ = &catalog;
    return load_config_text(text, "t.conf", options);
}

std::string messages(const LoadResult& r) {
    std::string out;
    for (const auto& d : r.diagnostics_.all()) {
        out += format_gnu(d) + "\n";
    }
    return out;
}

bool has(const LoadResult& r, std::string_view text) {
    return messages(r).find(text) != std::string::npos;
}

std::string instance(std::string_view body) {
    return "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  192.0.2.100\n }\n" +
           std::string{body} + "\n}\n";
}

} // namespace

TEST_CASE("a valid config gives no diagnostics and derived defaults") {
    const auto r = load(instance("state BACKUP\npriority 100"));
    CHECK(r.diagnostics_.empty());
    REQUIRE(r.config_.instances_.size() == 1);
    const auto& vi = r.config_.instances_[0];
    CHECK(vi.priority_ == 100U);
    CHECK(vi.version_ == 2U);
    CHECK(vi.family_ == net::Family::ipv4);
    CHECK(vi.accept_ == true);
    CHECK(vi.vips_.at(0).prefix_ == 32);
}

TEST_CASE("state MASTER without priority is the address owner (255)") {
    const auto r = load(instance("state MASTER"));
    CHECK(r.config_.instances_.at(0).priority_ == 255U);
    CHECK(r.diagnostics_.exit_status() == 0);
    const auto b = load(instance("priority 255"));
    CHECK(b.config_.instances_.at(0).state_ == config::InitialState::master);
}

TEST_CASE("nopreempt and preempt_delay are cleared with state MASTER") {
    auto r = load(instance("state MASTER\npriority 100\nnopreempt"));
    CHECK(has(r, "(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing"));
    CHECK_FALSE(r.config_.instances_.at(0).nopreempt_);
    r = load(instance("priority 255\nnopreempt"));
    CHECK(has(r, "(VI_1) nopreempt is incompatible with priority 255. resetting nopreempt"));
    r = load(instance("state MASTER\npriority 100\npreempt_delay 10"));
    CHECK(has(r, "preempt delay will not work with initial state MASTER - clearing"));
    CHECK(r.config_.instances_.at(0).preempt_delay_.count() == 0);
    CHECK(r.diagnostics_.exit_status() == 5);
}

TEST_CASE("ranges use keepalived's wording and keep the default") {
    auto r = load(instance("priority 300"));
    CHECK(has(r, "t.conf:7:10: error: number '300' outside range [1, 255]"));
    CHECK(has(r, "(VI_1) Priority not valid! must be between 1 & 255. Using default 100"));
    CHECK(r.config_.instances_.at(0).priority_ == 100U);
    r = load("global_defs {\n vrrp_garp_interval 0\n}\n");
    CHECK(has(r, "number '0' outside range [0.000001, 4294.967295]"));
    CHECK(has(r, "vrrp_garp_interval '0' is invalid"));
    CHECK(r.diagnostics_.exit_status() == 5);
}

TEST_CASE("unknown keywords: a suggestion; their block is read as keepalived reads it") {
    // keepalived 2.2.7: the '{' after an unknown keyword is unexpected, the lines of the block
    // are keywords of the enclosing block and its '}' closes that block.
    const auto r = load(instance("priorty 100\nbogus_block {\n foo\n bar\n}"));
    CHECK(has(r, "Unknown keyword 'priorty' (did you mean 'priority'?)"));
    CHECK(has(r, "Unknown keyword 'bogus_block'"));
    CHECK(has(r, "Unexpected '{' - ignoring"));
    CHECK(has(r, "Unknown keyword 'foo'"));
    CHECK(has(r, "Unknown keyword 'bar'"));
    CHECK(has(r, "Unknown keyword '}'"));
}

TEST_CASE("missing VRID removes the instance") {
    const auto r = load("vrrp_instance VI_1 {\n interface eth0\n virtual_ipaddress {\n 192.0.2.1\n }\n}\n");
    CHECK(has(r, "(VI_1) the virtual router id must be set"));
    CHECK(r.config_.instances_.empty());
}

TEST_CASE("duplicate VRID on an interface and family") {
    const auto r = load(instance("") + "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress {\n  192.0.2.101\n }\n}\n");
    CHECK(has(r, "VI_1 and VI_2 both use VRID 51 with IPv4 on interface eth0"));
}

TEST_CASE("missing interfaces are warned and stop further checks") {
    const auto r = load("vrrp_script s {\n script /bin/true\n}\nvrrp_instance VI_1 {\n interface eth9\n virtual_router_id 5\n}\n");
    CHECK(has(r, "t.conf:5:12: error: WARNING - interface eth9 for vrrp_instance VI_1 doesn't exist"));
    CHECK(has(r, "Non-existent interface specified in configuration"));
    CHECK_FALSE(has(r, "SECURITY VIOLATION"));
    CHECK(r.diagnostics_.exit_status() == 5);
}

TEST_CASE("scripts without script security are a security violation (exit 6)") {
    auto r = load(instance("notify_master \"/bin/echo a#b 'c d'\" root"));
    CHECK(has(r, "SECURITY VIOLATION - scripts are being executed but script_security not enabled."));
    CHECK(r.diagnostics_.exit_status() == 6);
    const auto& n = r.config_.instances_.at(0).notify_.master_;
    REQUIRE(n);
    CHECK(n->argv_ == std::vector<std::string>{"/bin/echo", "a#b", "c d"});
    CHECK(n->user_ == "root");
    r = load("global_defs {\n enable_script_security\n script_user nobody\n}\n" + instance("notify /bin/true"));
    CHECK(r.diagnostics_.exit_status() == 0);
    // Missing commands are not "being executed"; missing vrrp_scripts are disabled.
    r = load(instance("notify_master \"/missing/x a\"") + "vrrp_script c {\n script \"</dev/tcp/127.0.0.1/80\"\n}\n");
    CHECK(r.diagnostics_.exit_status() == 0);
    // keepalived checks scripts only when there are vrrp instances.
    r = load("vrrp_script c {\n script /missing/c\n}\n");
    CHECK(r.diagnostics_.exit_status() == 0);
    r = load("vrrp_script c {\n script /missing/c\n}\n" + instance(""));
    CHECK(has(r, "Disabling track script c since not found/accessible"));
    CHECK(r.diagnostics_.exit_status() == 5);
}

TEST_CASE("scripts in unsafe paths: reported, and disabled with enable_script_security (reference §6)") {
    const std::string body = instance("notify_master \"/tmp/n.sh\"\ntrack_script {\n chk\n}") +
                             "vrrp_script chk {\n script /tmp/chk.sh\n}\n";
    // keepalived_script does not exist (the test catalog), so scripts run as root. keepalived
    // logs "Unsafe permissions found for script" (not printed by -t).
    auto r = load(body);
    CHECK(has(r, "SECURITY VIOLATION - scripts are being executed but script_security not enabled. There are insecure scripts."));
    CHECK(r.diagnostics_.exit_status() == 6);
    CHECK(r.config_.scripts_.size() == 1);

    r = load("global_defs {\n enable_script_security\n script_user root\n}\n" + body);
    CHECK(has(r, "Disabling track script chk due to insecure"));
    CHECK(r.diagnostics_.exit_status() == 5);
    CHECK(r.config_.scripts_.empty());
    CHECK(r.config_.instances_.at(0).track_.scripts_.empty());
    CHECK_FALSE(r.config_.instances_.at(0).notify_.master_);

    // Only an unsafe notify script: disabled, and -t still exits 0 (as keepalived).
    r = load("global_defs {\n enable_script_security\n script_user root\n}\n" + instance("notify_master /tmp/n.sh"));
    CHECK(r.diagnostics_.exit_status() == 0);
    CHECK_FALSE(r.config_.instances_.at(0).notify_.master_);

    // A script run by an unprivileged user is not checked.
    r = load("global_defs {\n enable_script_security\n script_user nobody\n}\n" + instance("notify_master /tmp/n.sh"));
    CHECK_FALSE(has(r, "Unsafe"));
    CHECK(r.config_.instances_.at(0).notify_.master_);
}

TEST_CASE("checks after binding log without keepalived's line prefix, -t keeps the position") {
    const auto r = load(instance("state MASTER\npriority 100\nnopreempt"));
    const auto& all = r.diagnostics_.all();
    const auto it = std::find_if(all.begin(), all.end(), [](const Diagnostic& d) {
        return d.message.find("nopreempt will not work") != std::string::npos;
    });
    REQUIRE(it != all.end());
    CHECK(format_keepalived(*it) == "(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing");
    CHECK(format_gnu(*it) == "t.conf:1:1: warning: (VI_1) Warning - nopreempt will not work with initial state MASTER - clearing");
}

TEST_CASE("addresses: family, brd +, IPv6 rules, unknown options") {
    auto r = load(instance("virtual_ipaddress_excluded {\n 10.57.0.1/24 brd + dev eth1 label eth1:x\n 2001:db8::5/64 scope link\n 192.0.2.9 foo\n}"));
    const auto& ev = r.config_.instances_.at(0).evips_;
    REQUIRE(ev.size() == 3);
    CHECK(ev[0].broadcast_->to_string() == "10.57.0.255");
    CHECK(has(r, "Cannot specify scope for IPv6 addresses (2001:db8::5/64) - ignoring scope"));
    CHECK(has(r, "Unknown configuration entry 'foo' for ip address - ignoring"));
    r = load("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n 192.0.2.300\n fe80::1\n 2001:db8::1\n }\n}\n");
    CHECK(has(r, "VRRP parsed invalid IP 192.0.2.300. skipping IP..."));
    const auto& vi = r.config_.instances_.at(0);
    CHECK(vi.family_ == net::Family::ipv6);
    CHECK(vi.version_ == 3U);
    CHECK(vi.vips_.size() == 2);
}

TEST_CASE("advert_int rounding: v2 whole seconds, v3 centiseconds") {
    auto r = load(instance("advert_int 1.5"));
    CHECK(has(r, "(VI_1) VRRPv2 advertisement interval 1.500000s must be an integer. rounding"));
    CHECK(r.config_.instances_.at(0).advert_int_ == std::chrono::seconds{2});
    r = load(instance("version 3\nadvert_int 0.015"));
    CHECK(has(r, "VRRPv3 advertisement interval 0.015000s must be in units of 10ms - rounding"));
    r = load(instance("version 3\nadvert_int 0.05"));
    CHECK(r.diagnostics_.empty());
}

TEST_CASE("strict mode") {
    const auto r = load("global_defs {\n vrrp_strict\n}\n" +
                        instance("state MASTER\npriority 100\npreempt_delay 5\nauthentication {\n auth_type PASS\n auth_pass 123456789\n}"));
    CHECK(has(r, "Truncating auth_pass to 8 characters"));
    CHECK(has(r, "(VI_1) State MASTER must match being address owner"));
    CHECK(has(r, "(VI_1) Strict mode does not support authentication. Ignoring."));
    CHECK(has(r, "(VI_1) preempt_delay is incompatible with strict mode - resetting"));
    const auto& vi = r.config_.instances_.at(0);
    CHECK(vi.state_ == config::InitialState::backup);
    CHECK(vi.accept_ == false);
    CHECK(vi.lower_prio_no_advert_ == true);
}

TEST_CASE("track scripts resolve against scripts defined earlier; sync groups drop weights") {
    const auto text = "vrrp_script chk {\n script /bin/true\n weight 10\n}\n" +
                      instance("track_script {\n chk\n other\n}\ntrack_interface {\n eth1 weight 300\n eth2 weight 5\n}") +
                      "vrrp_sync_group G {\n group {\n VI_1\n VI_X\n }\n}\n";
    const auto r = load(text);
    CHECK(has(r, "(VI_1) track script other not found, ignoring..."));
    CHECK(has(r, "(VI_1) weight 300 for eth1 must be between [-253..253] inclusive. Ignoring..."));
    CHECK(has(r, "Virtual router VI_X specified in sync group G doesn't exist - ignoring"));
    CHECK(has(r, "Sync group G has only 1 virtual router(s)"));
    CHECK(has(r, "(VI_1) ignoring tracked script chk with weights due to SYNC group"));
    const auto& vi = r.config_.instances_.at(0);
    CHECK(vi.track_.scripts_.empty());
    CHECK(vi.track_.interfaces_.at(0).weight_ == 0);
}

TEST_CASE("rules without preference count down from 16384") {
    const auto r = load(instance("virtual_rules {\n from 192.0.2.0/24 table 100\n to 198.51.100.0/24 lookup 200\n}"));
    const auto& rules = r.config_.instances_.at(0).virtual_rules_;
    REQUIRE(rules.size() == 2);
    CHECK(rules[0].preference_ == 16384U);
    CHECK(rules[1].preference_ == 16383U);
    CHECK(has(r, "Rule has no preference specified - setting to 16384. This is probably not what you want."));
}

TEST_CASE("LVS blocks are validated against keepalived's keyword sets") {
    const auto r = load("virtual_server 192.0.2.1 80 {\n delay_loop 6\n lb_algo rr\n real_server 192.0.2.2 80 {\n weight 1\n "
                        "TCP_CHECK {\n connect_timeout 3\n conect_port 80\n }\n }\n}\n");
    CHECK(has(r, "Unknown keyword 'conect_port' (did you mean 'connect_port'?)"));
    REQUIRE(r.config_.lvs_);
    REQUIRE(r.config_.lvs_->virtual_servers_.size() == 1);
    CHECK(r.config_.lvs_->virtual_servers_[0].real_servers_.size() == 1);
}

TEST_CASE("dump round-trips to an equal model") {
    const auto first = load("global_defs {\n router_id r1\n vrrp_garp_interval 0.5\n lvs_timeouts tcp 10\n}\n"
                            "vrrp_script chk {\n script \"/bin/echo a#b 'c d'\"\n weight -10 reverse\n}\n" +
                            instance("advert_int 3\nunicast_peer {\n 192.0.2.7 min_ttl 3\n}\ntrack_script {\n chk\n}\n"
                                     "virtual_routes {\n 192.0.2.0/24 via 192.0.2.1 dev eth1\n}\nnotify \"/bin/n x\" root"));
    const auto text = dump_config(first.config_);
    const auto second = load(text);
    CHECK(second.config_ == first.config_);
    CHECK(dump_config(second.config_) == text);
}

TEST_CASE("ignore_error numbers: the daemon warns and keeps an in-range value, -t drops it") {
    // keepalived's read_unsigned_func/read_int_func with ignore_error (lib/parser.c).
    const auto body = "garp_master_delay 5x\ndebug 7\n";
    const auto test = load(instance(body));
    CHECK(has(test, "invalid number '5x'"));
    CHECK_FALSE(has(test, "WARNING - invalid number"));
    CHECK(has(test, "number '7' outside range [0, 4]"));
    CHECK_FALSE(test.config_.instances_.at(0).garp_master_delay_.has_value());
    const auto daemon = load(instance(body), Reader::daemon);
    CHECK(has(daemon, "WARNING - invalid number '5x'"));
    CHECK(has(daemon, "WARNING - number '7' outside range [0, 4]"));
    REQUIRE(daemon.config_.instances_.at(0).garp_master_delay_.has_value());
    CHECK(*daemon.config_.instances_.at(0).garp_master_delay_ == std::chrono::seconds{5});
    // read_int's range message has no prefix; a value without ignore_error none either.
    const auto version = load("global_defs {\n vrrp_version 4\n}\n" + instance("priority 1y"), Reader::daemon);
    CHECK(has(version, "number '4' outside range [2, 3]"));
    CHECK_FALSE(has(version, "WARNING - number '4'"));
    CHECK(has(version, "invalid number '1y'"));
    CHECK_FALSE(has(version, "WARNING - invalid number '1y'"));
}
