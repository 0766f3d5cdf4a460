#include "vrrpd/engine_config.hpp"
#include "vrrpd/netlink_specs.hpp"
#include "process/process_config.hpp"

#include <doctest/doctest.h>

using namespace vigil;
using namespace vigil::process;
using namespace vigil::script;
using namespace vigil::track;
using namespace vigil::vrrpd;

namespace {

config::VirtualAddress vip(const char* text, unsigned prefix) {
    config::VirtualAddress a;
    a.address_ = *net::IpAddress::parse(text);
    a.prefix_ = prefix;
    return a;
}

config::Config one_instance() {
    config::Config c;
    config::VrrpInstance i;
    i.name_ = "VI_1";
    i.interface_ = "eth0";
    i.virtual_router_id_ = 51;
    i.priority_ = 150;
    i.state_ = config::InitialState::master;
    i.version_ = 2;
    i.family_ = net::Family::ipv4;
    i.accept_ = true;
    i.vips_.push_back(vip("192.0.2.100", 24));
    config::Authentication auth;
    auth.password_ = "secret";
    i.authentication_ = auth;
    c.instances_.push_back(i);
    return c;
}

} // namespace

TEST_CASE("model -> engine: identity, timers, VIPs, auth, GARP defaults") {
    const config::Config model = one_instance();
    const EngineConfig e = engine_config_of(model, ScriptUser{});
    REQUIRE(e.instances.size() == 1);
    const vrrp::InstanceConfig& c = e.instances[0];
    CHECK(c.name == "VI_1");
    CHECK(c.vrid == 51);
    CHECK(c.priority == 150);
    CHECK(c.initial_state == vrrp::InitialState::master);
    CHECK(c.version == vrrp::ProtocolVersion::v2);
    CHECK(c.family == net::Family::ipv4);
    CHECK(c.interface == "eth0");
    CHECK(c.advert_interval == std::chrono::seconds(1));
    REQUIRE(c.vips.size() == 1);
    CHECK(c.vips[0].address == net::IpAddress::v4({192, 0, 2, 100}));
    CHECK(c.vips[0].prefix_length == 24);
    CHECK(c.vips[0].interface == "eth0");
    CHECK(e.address_options.contains(c.vips[0].attributes));
    CHECK(c.auth_type == vrrp::AuthType::pass);
    CHECK(c.auth_data == vrrp::AuthData{'s', 'e', 'c', 'r', 'e', 't', 0, 0});
    CHECK(c.garp.master_delay == std::chrono::seconds(5));
    CHECK(c.garp.master_repeat == 5);
    CHECK(c.garp.lower_prio_delay == std::chrono::seconds(5));
    CHECK(c.garp.lower_prio_repeat == 5);
    CHECK(c.down_timer_adverts == 3);
    CHECK_FALSE(c.multicast_group.has_value());
    REQUIRE(e.extras.size() == 1);
    CHECK(e.extras[0].vip_addresses.size() == 1);

    const vrrp::ReceiveExpectations x = expectations_of(c, e.extras[0], 150);
    CHECK(x.version == 2);
    CHECK(x.auth_type == vrrp::AuthType::pass);
    CHECK(x.interval == vrrp::Centiseconds(100));
    CHECK(x.addresses.size() == 1);
}

TEST_CASE("model -> engine: instance overrides, strict mode, v3 ignores auth") {
    config::Config model = one_instance();
    model.global_.vrrp_garp_master_delay_ = std::chrono::seconds(2);
    model.global_.vrrp_strict_ = true;
    model.instances_[0].version_ = 3;
    model.instances_[0].garp_master_repeat_ = 2;
    model.instances_[0].priority_ = 100;
    model.instances_[0].accept_.reset();
    const EngineConfig e = engine_config_of(model, ScriptUser{});
    const vrrp::InstanceConfig& c = e.instances[0];
    CHECK(c.garp.master_delay == std::chrono::seconds(2));
    CHECK(c.garp.master_repeat == 2);
    CHECK(c.garp.lower_prio_repeat == 2);
    CHECK(c.lower_prio_no_advert == vrrp::Switch::on);
    CHECK(c.accept == vrrp::AcceptMode::no_accept);
    CHECK(c.auth_type == vrrp::AuthType::none);
}

TEST_CASE("model -> engine: track_script weights default to the script's, unreferenced scripts do not run") {
    config::Config model = one_instance();
    config::VrrpScript chk;
    chk.name_ = "chk";
    config::Command cmd;
    cmd.argv_ = {"/bin/true"};
    cmd.text_ = "/bin/true";
    chk.script_ = cmd;
    chk.weight_ = -60;
    chk.interval_ = std::chrono::seconds(2);
    chk.fall_ = 2;
    model.scripts_.push_back(chk);
    config::VrrpScript unused = chk;
    unused.name_ = "unused";
    model.scripts_.push_back(unused);
    config::TrackedObject ref;
    ref.name_ = "chk";
    model.instances_[0].track_.scripts_.push_back(ref);
    const EngineConfig e = engine_config_of(model, ScriptUser{1, 2});
    REQUIRE(e.instances[0].trackers.size() == 1);
    CHECK(e.instances[0].trackers[0].kind == vrrp::TrackerKind::script);
    CHECK(e.instances[0].trackers[0].weight == -60);
    REQUIRE(e.scripts.size() == 1);
    CHECK(e.scripts[0].name == "chk");
    CHECK(e.scripts[0].interval == std::chrono::seconds(2));
    CHECK(e.scripts[0].timeout == std::chrono::seconds(2));
    CHECK(e.scripts[0].fall == 2);
    CHECK(e.scripts[0].user == ScriptUser{1, 2});
}

TEST_CASE("process config: VRRP present, LVS noticed, pid-file inputs") {
    config::Config model = one_instance();
    model.root_.instance_ = "NAME";
    model.root_.child_wait_time_ = std::chrono::seconds(2);
    model.lvs_.emplace().has_virtual_server_keyword_ = true;
    const ProcessConfig p = process_config_of(model);
    CHECK(p.has_vrrp);
    CHECK(p.has_lvs);
    CHECK(p.instance == "NAME");
    CHECK(p.child_wait_time == std::chrono::seconds(2));
}

TEST_CASE("routes and rules -> netlink specs") {
    netlink::InterfaceCatalog catalog;
    netlink::LinkEvent link;
    link.index = 7;
    link.name = "eth0";
    catalog.apply(link);
    config::Route r;
    r.destination_ = net::IpPrefix::parse("198.51.100.0/24");
    r.via_ = net::IpAddress::parse("192.0.2.1");
    r.dev_ = "eth0";
    r.table_ = "100";
    r.tokens_ = {"198.51.100.0/24", "via", "192.0.2.1", "dev", "eth0", "table", "100", "scope", "link"};
    const auto spec = route_spec(r, catalog);
    REQUIRE(spec.has_value());
    CHECK(spec->ifindex == 7);
    CHECK(spec->prefix == 24);
    CHECK(spec->table == 100);
    CHECK(spec->scope == std::uint8_t{253});
    CHECK(spec->gateway == net::IpAddress::v4({192, 0, 2, 1}));
    r.dev_ = "missing0";
    CHECK_FALSE(route_spec(r, catalog).has_value());

    config::Rule rule;
    rule.from_ = net::IpPrefix::parse("192.0.2.0/24");
    rule.table_ = "main";
    rule.preference_ = 100;
    rule.tokens_ = {"from", "192.0.2.0/24", "table", "main", "fwmark", "0x10/0xff", "preference", "100"};
    const auto rs = rule_spec(rule);
    REQUIRE(rs.has_value());
    CHECK(rs->table == 254);
    CHECK(rs->priority == 100U);
    CHECK(rs->fwmark == 0x10U);
    CHECK(rs->fwmask == 0xffU);
}

#include "track/process_tracker.hpp"

TEST_CASE("track_process matching: comm, full_command, parameters") {
    config::TrackProcess p;
    p.name_ = "nginx";
    p.process_ = "nginx";
    CHECK(process_matches(p, "nginx", {}));
    CHECK_FALSE(process_matches(p, "nginx-debug", {}));
    p.params_ = {"-g", "daemon off;"};
    CHECK(process_matches(p, "nginx", {"/usr/sbin/nginx", "-g", "daemon off;"}));
    CHECK_FALSE(process_matches(p, "nginx", {"/usr/sbin/nginx", "-g", "daemon off;", "-q"}));
    p.param_match_ = config::ParamMatch::initial;
    CHECK(process_matches(p, "nginx", {"/usr/sbin/nginx", "-g", "daemon off;", "-q"}));
    p.param_match_ = config::ParamMatch::partial;
    CHECK(process_matches(p, "nginx", {"/usr/sbin/nginx", "-q", "-g", "daemon off;"}));
    p.params_.clear();
    p.full_command_ = true;
    p.process_ = "/usr/sbin/nginx";
    CHECK(process_matches(p, "whatever", {"/usr/sbin/nginx", "-q"}));
    CHECK_FALSE(process_matches(p, "nginx", {"nginx"}));
}

TEST_CASE("model -> engine: track_bfd of a sync group reaches its members, once per session") {
    config::Config model = one_instance();
    config::BfdInstance b;
    b.name_ = "B1";
    b.tracked_by_vrrp_ = true;
    model.bfd_instances_.push_back(b);
    b.name_ = "B2";
    model.bfd_instances_.push_back(b);
    config::VrrpInstance second = model.instances_[0];
    second.name_ = "VI_2";
    second.virtual_router_id_ = 52;
    second.track_.bfds_.push_back({.name_ = "B1", .weight_ = 10});
    model.instances_.push_back(second);
    config::SyncGroup g;
    g.name_ = "G1";
    g.members_ = {"VI_1", "VI_2"};
    g.track_.bfds_.push_back({.name_ = "B1", .weight_ = 20});
    g.track_.bfds_.push_back({.name_ = "B2"});
    g.sync_group_tracking_weight_ = true; // weights kept in the group
    model.sync_groups_.push_back(g);
    const EngineConfig e = engine_config_of(model, ScriptUser{});
    REQUIRE(e.instances.size() == 2);
    using vrrp::TrackRef;
    using vrrp::TrackerKind;
    CHECK(e.instances[0].trackers == std::vector<TrackRef>{{TrackerKind::bfd, "B1", 20}, {TrackerKind::bfd, "B2", 0}});
    // VI_2's own weighted B1 takes the group's weight (keepalived: "Remove vrrp instance config").
    CHECK(e.instances[1].trackers == std::vector<TrackRef>{{TrackerKind::bfd, "B1", 20}, {TrackerKind::bfd, "B2", 0}});
    // An unweighted entry of the instance stays unweighted.
    model.instances_[1].track_.bfds_[0].weight_ = 0;
    const EngineConfig unweighted = engine_config_of(model, ScriptUser{});
    CHECK(unweighted.instances[1].trackers[0].weight == 0);
}
