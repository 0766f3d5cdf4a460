// Root integration test of src/netlink in a private network namespace: VIPs, routes and
// rules as `ip` shows them, the start-up dump and the monitor.
#include "io_netns.hpp"
#include "netlink/interface_catalog.hpp"
#include "netlink/netlink_address_table.hpp"
#include "netlink/netlink_monitor.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <poll.h>
#include <vector>

using namespace vigil::netlink;
using io_test::contains;
using io_test::run;

namespace {

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

struct Lab {
    Lab() {
        run("ip link add name vgio0 type veth peer name vgio1");
        run("ip link set vgio0 up; ip link set vgio1 up");
        run("ip addr add 192.0.2.1/24 dev vgio0");
        io_test::eventually([&] {
            std::vector<NetlinkEvent> events;
            catalog.clear();
            if (table.dump_interfaces(events)) {
                return false;
            }
            for (const auto& e : events) {
                catalog.apply(e);
            }
            const Interface* i = catalog.find("vgio0");
            return i != nullptr && i->up() && i->link_local_ipv6().has_value();
        });
        index = catalog.find("vgio0")->index;
    }
    ~Lab() { run("ip link del vgio0"); }

    NetlinkAddressTable table;
    InterfaceCatalog catalog;
    int index = 0;
};

// Collects monitor events into `seen` until one of type Event satisfies `match`, or 5 s pass.
template <typename Event, typename Match>
bool watch_for(NetlinkMonitor& monitor, std::vector<NetlinkEvent>& seen, Match match) {
    return io_test::eventually([&] {
        pollfd p{monitor.fd(), POLLIN, 0};
        if (::poll(&p, 1, 50) > 0) {
            REQUIRE_FALSE(monitor.read_events([&](const NetlinkEvent& e) { seen.push_back(e); }));
        }
        return std::any_of(seen.begin(), seen.end(), [&](const NetlinkEvent& e) {
            const auto* event = std::get_if<Event>(&e);
            return event != nullptr && match(*event);
        });
    });
}

} // namespace

TEST_CASE("the dump finds lo and the veth with MAC, flags and addresses") {
    Lab lab;
    const Interface* lo = lab.catalog.find("lo");
    REQUIRE(lo != nullptr);
    CHECK(lo->loopback());
    const Interface* eth = lab.catalog.find(lab.index);
    REQUIRE(eth != nullptr);
    CHECK(eth->name == "vgio0");
    CHECK(eth->multicast());
    CHECK(eth->primary_ipv4() == ip("192.0.2.1"));
    const std::string link = run("ip link show vgio0");
    const auto& m = eth->mac;
    CHECK(contains(link, fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", m[0], m[1], m[2],
                                     m[3], m[4], m[5])));
}

TEST_CASE("IPv4 VIP with label, brd + and scope; then removed") {
    Lab lab;
    // A different subnet from 192.0.2.1/24: the kernel refuses a secondary address whose
    // scope differs from its primary's ("Invalid scope value").
    AddressSpec vip{
        .ifindex = lab.index, .address = ip("198.51.100.100"), .prefix = 24, .scope = 253};
    vip.broadcast = broadcast_address(vip.address, 24, BroadcastFill::ones);
    vip.label = "vgio0:vip";
    REQUIRE_FALSE(lab.table.add_address(vip));
    CHECK(contains(run("ip -4 addr show dev vgio0"),
                   "inet 198.51.100.100/24 brd 198.51.100.255 scope link vgio0:vip"));
    CHECK(lab.table.add_address(vip) == std::error_code(EEXIST, std::system_category()));
    REQUIRE_FALSE(lab.table.remove_address(vip));
    CHECK_FALSE(contains(run("ip -4 addr show dev vgio0"), "198.51.100.100"));
    CHECK(lab.table.remove_address(vip) == std::error_code(EADDRNOTAVAIL, std::system_category()));

    AddressSpec secondary{.ifindex = lab.index, .address = ip("192.0.2.100"), .prefix = 24};
    secondary.broadcast = broadcast_address(secondary.address, 24, BroadcastFill::zeros);
    REQUIRE_FALSE(lab.table.add_address(secondary));
    CHECK(contains(run("ip -4 addr show dev vgio0"),
                   "inet 192.0.2.100/24 brd 192.0.2.0 scope global secondary vgio0"));

    AddressSpec peer{.ifindex = lab.index, .address = ip("203.0.113.1"), .prefix = 32};
    peer.peer = ip("203.0.113.2");
    REQUIRE_FALSE(lab.table.add_address(peer));
    CHECK(contains(run("ip -4 addr show dev vgio0"), "inet 203.0.113.1 peer 203.0.113.2/32"));
}

TEST_CASE("apply(): 200 changes over several windows, each with its own result, in order") {
    Lab lab;
    std::vector<TableChange> changes;
    for (int i = 1; i <= 150; ++i) {
        changes.push_back({ChangeKind::add, AddressSpec{.ifindex = lab.index,
                                                        .address = ip(fmt::format("198.51.100.{}", i).c_str())}});
    }
    changes.push_back(changes[69]); // the 71st address again: EEXIST at index 150
    for (int i = 1; i <= 49; ++i) {
        changes.push_back({ChangeKind::remove, AddressSpec{.ifindex = lab.index,
                                                           .address = ip(fmt::format("198.51.100.{}", i).c_str())}});
    }
    std::vector<std::error_code> results(changes.size());
    lab.table.apply(changes, results);
    for (std::size_t i = 0; i < results.size(); ++i) {
        INFO("change " << i);
        CHECK(results[i] == (i == 150 ? std::error_code(EEXIST, std::system_category()) : std::error_code{}));
    }
    const std::string shown = run("ip -4 addr show dev vgio0");
    CHECK_FALSE(contains(shown, "198.51.100.49/32"));
    CHECK(contains(shown, "198.51.100.50/32"));
    CHECK(contains(shown, "198.51.100.150/32"));
}

TEST_CASE("IPv6 VIPs: nodad and preferred_lft 0 for /128, -nodad, noprefixroute") {
    Lab lab;
    AddressSpec vip{.ifindex = lab.index, .address = ip("2001:db8::100"), .prefix = 128};
    apply_vip_defaults(vip, Dad::disabled, std::nullopt);
    REQUIRE_FALSE(lab.table.add_address(vip));
    const std::string out = run("ip -6 addr show dev vgio0");
    CHECK(contains(out, "inet6 2001:db8::100/128 scope global nodad"));
    CHECK(contains(out, "valid_lft forever preferred_lft 0sec"));

    AddressSpec dad{.ifindex = lab.index, .address = ip("2001:db8::200"), .prefix = 64};
    dad.flags = address_flag::noprefixroute;
    apply_vip_defaults(dad, Dad::enabled, std::nullopt);
    REQUIRE_FALSE(lab.table.add_address(dad));
    const std::string out2 = run("ip -6 addr show dev vgio0");
    CHECK(contains(out2, "2001:db8::200/64 scope global"));
    CHECK(contains(out2, "noprefixroute"));
    CHECK_FALSE(contains(run("ip -6 route show dev vgio0"), "2001:db8::/64"));
    REQUIRE_FALSE(lab.table.remove_address(vip));
    REQUIRE_FALSE(lab.table.remove_address(dad));
    CHECK_FALSE(contains(run("ip -6 addr show dev vgio0"), "2001:db8::"));
}

TEST_CASE("routes: via/dev/metric/table, blackhole, default onlink; removed again") {
    Lab lab;
    RouteSpec via{.destination = ip("198.51.100.0"),
                  .prefix = 24,
                  .gateway = ip("192.0.2.254"),
                  .ifindex = lab.index,
                  .metric = 10};
    REQUIRE_FALSE(lab.table.add_route(via));
    CHECK(contains(run("ip route show"),
                   "198.51.100.0/24 via 192.0.2.254 dev vgio0 proto keepalived metric 10"));

    RouteSpec blackhole{
        .destination = ip("203.0.113.0"), .prefix = 24, .table = 100, .type = RouteType::blackhole};
    REQUIRE_FALSE(lab.table.add_route(blackhole));
    CHECK(contains(run("ip route show table 100"), "blackhole 203.0.113.0/24 proto keepalived"));

    RouteSpec def{.gateway = ip("203.0.113.1"),
                  .ifindex = lab.index,
                  .table = 200,
                  .nexthop_flags = nexthop_flag_onlink};
    REQUIRE_FALSE(lab.table.add_route(def));
    CHECK(contains(run("ip route show table 200"),
                   "default via 203.0.113.1 dev vgio0 proto keepalived onlink"));

    RouteSpec src{.destination = ip("198.51.100.128"),
                  .prefix = 25,
                  .ifindex = lab.index,
                  .preferred_source = ip("192.0.2.1"),
                  .scope = 253};
    REQUIRE_FALSE(lab.table.add_route(src));
    CHECK(contains(run("ip route show"),
                   "198.51.100.128/25 dev vgio0 proto keepalived scope link src 192.0.2.1"));

    RouteSpec v6{.family = Family::ipv6,
                 .destination = ip("2001:db8:1::"),
                 .prefix = 48,
                 .type = RouteType::unreachable};
    REQUIRE_FALSE(lab.table.add_route(v6));
    CHECK(contains(run("ip -6 route show"), "unreachable 2001:db8:1::/48"));

    for (const auto* r : {&via, &blackhole, &def, &src, &v6}) {
        CHECK_FALSE(lab.table.remove_route(*r));
    }
    CHECK_FALSE(contains(run("ip route show table all"), "proto keepalived"));
    CHECK(lab.table.remove_route(via) == std::error_code(ESRCH, std::system_category()));
}

TEST_CASE("rules: from/to/iif/fwmark/table/preference; removed again") {
    Lab lab;
    RuleSpec from{.from = ip("192.0.2.100"), .from_prefix = 32, .table = 100, .priority = 100};
    REQUIRE_FALSE(lab.table.add_rule(from));
    RuleSpec mark{.to = ip("198.51.100.0"),
                  .to_prefix = 24,
                  .iif = "vgio0",
                  .table = 101,
                  .priority = 101,
                  .fwmark = 7,
                  .fwmask = 0xff};
    REQUIRE_FALSE(lab.table.add_rule(mark));
    RuleSpec v6{.family = Family::ipv6,
                .from = ip("2001:db8::"),
                .from_prefix = 64,
                .priority = 102,
                .action = RuleAction::blackhole};
    REQUIRE_FALSE(lab.table.add_rule(v6));
    CHECK(contains(run("ip rule show"), "100:\tfrom 192.0.2.100 lookup 100 proto keepalived"));
    CHECK(contains(run("ip rule show"),
                   "101:\tfrom all to 198.51.100.0/24 fwmark 0x7/0xff iif vgio0 lookup 101"));
    CHECK(contains(run("ip -6 rule show"), "102:\tfrom 2001:db8::/64 blackhole"));
    CHECK_FALSE(lab.table.remove_rule(from));
    CHECK_FALSE(lab.table.remove_rule(mark));
    CHECK_FALSE(lab.table.remove_rule(v6));
    CHECK_FALSE(contains(run("ip rule show; ip -6 rule show"), "10"));
}

TEST_CASE("the monitor sees link down/up and a VIP deleted by hand") {
    Lab lab;
    NetlinkMonitor monitor;
    std::vector<NetlinkEvent> seen;
    auto link_is = [&](bool up) {
        return [&lab, up](const LinkEvent& l) { return l.index == lab.index && l.up() == up; };
    };
    run("ip link set vgio0 down");
    CHECK(watch_for<LinkEvent>(monitor, seen, link_is(false)));
    seen.clear();
    run("ip link set vgio0 up");
    CHECK(watch_for<LinkEvent>(monitor, seen, link_is(true)));

    AddressSpec vip{.ifindex = lab.index, .address = ip("192.0.2.100"), .prefix = 32};
    REQUIRE_FALSE(lab.table.add_address(vip));
    run("ip addr del 192.0.2.100/32 dev vgio0");
    CHECK(watch_for<AddressEvent>(monitor, seen, [&](const AddressEvent& a) {
        return a.change == Change::removed && a.address == vip.address && a.ifindex == lab.index;
    }));
    InterfaceCatalog catalog = lab.catalog;
    bool removed = false;
    for (const auto& e : seen) {
        removed = removed || catalog.apply(e) == CatalogChange::address_removed;
    }
    CHECK(removed);
}

TEST_CASE("the monitor reports routes and rules when asked, and a removed interface") {
    Lab lab;
    NetlinkMonitor monitor(MonitorOptions{RouteEvents::on, RuleEvents::on});
    std::vector<NetlinkEvent> seen;
    RouteSpec route{.destination = ip("198.51.100.0"), .prefix = 24, .ifindex = lab.index};
    REQUIRE_FALSE(lab.table.add_route(route));
    run("ip route del 198.51.100.0/24");
    CHECK(watch_for<RouteEvent>(monitor, seen, [&](const RouteEvent& r) {
        return r.change == Change::removed && same_route(route, r.route);
    }));
    RuleSpec rule{.from = ip("192.0.2.100"), .from_prefix = 32, .table = 100, .priority = 100};
    REQUIRE_FALSE(lab.table.add_rule(rule));
    CHECK(watch_for<RuleEvent>(monitor, seen, [&](const RuleEvent& r) {
        return r.change == Change::added && same_rule(rule, r.rule);
    }));
    run("ip link del vgio0");
    CHECK(watch_for<LinkEvent>(monitor, seen, [&](const LinkEvent& l) {
        return l.change == Change::removed && l.index == lab.index;
    }));
}
