// Root integration test of NetlinkLinkControl (VMAC links) in a private network namespace:
// what it creates is read back with `ip -d -j link` and /proc/sys.
#include "io_netns.hpp"
#include "netlink/netlink_link_control.hpp"

#include <algorithm>
#include <net/if.h>

using namespace vigil;
using io_test::contains;
using io_test::run;

namespace {

constexpr netlink::MacBytes vmac51{0x00, 0x00, 0x5e, 0x00, 0x01, 0x33};
constexpr netlink::MacBytes vmac52{0x00, 0x00, 0x5e, 0x00, 0x02, 0x34};

std::string sysctl(const std::string& path) {
    return run("cat /proc/sys/net/" + path);
}

} // namespace

TEST_CASE("a private macvlan with keepalived's settings, adopted, updated and removed") {
    run("ip link add eth0 type veth peer name eth1; ip link set eth0 up; ip link set eth1 up");
    netlink::NetlinkLinkControl links;
    const int eth0 = static_cast<int>(::if_nametoindex("eth0"));
    REQUIRE(eth0 > 0);

    REQUIRE_FALSE(links.find("vrrp.51"));
    REQUIRE_FALSE(links.create_macvlan("vrrp.51", eth0, vmac51));
    CHECK(links.create_macvlan("vrrp.51", eth0, vmac51));  // exists
    auto found = links.find("vrrp.51");
    REQUIRE(found);
    CHECK(found->kind == "macvlan");
    CHECK(found->macvlan_mode == netlink::MacvlanMode::private_);
    CHECK(found->parent == eth0);
    CHECK(found->mac == vmac51);
    CHECK_FALSE(found->admin_up);

    CHECK_FALSE(links.set_addr_gen_mode_none(found->index));
    CHECK_FALSE(links.set_up(found->index));
    const auto details = run("ip -d link show vrrp.51");
    CHECK(contains(details, "link/ether 00:00:5e:00:01:33"));
    CHECK(contains(details, "macvlan mode private"));
    CHECK(contains(details, "addrgenmode none"));
    CHECK(contains(details, "state UP"));
    CHECK(links.find("vrrp.51")->admin_up);
    // No EUI-64 link-local address appears (addrgenmode none before up).
    CHECK_FALSE(contains(run("ip -6 addr show dev vrrp.51"), "fe80::"));

    const netlink::Ipv4Setting vmac_conf[] = {{netlink::Ipv4Conf::arp_ignore, 1},
                                              {netlink::Ipv4Conf::accept_local, 1},
                                              {netlink::Ipv4Conf::rp_filter, 0},
                                              {netlink::Ipv4Conf::promote_secondaries, 1}};
    run("sysctl -qw net.ipv4.conf.vrrp/51.rp_filter=2");
    REQUIRE_FALSE(links.set_ipv4_conf(found->index, vmac_conf));
    CHECK(sysctl("ipv4/conf/vrrp.51/arp_ignore") == "1\n");
    CHECK(sysctl("ipv4/conf/vrrp.51/accept_local") == "1\n");
    CHECK(sysctl("ipv4/conf/vrrp.51/rp_filter") == "0\n");
    CHECK(sysctl("ipv4/conf/vrrp.51/promote_secondaries") == "1\n");
    const netlink::Ipv4Setting base_conf[] = {{netlink::Ipv4Conf::arp_ignore, 1}, {netlink::Ipv4Conf::arp_filter, 1}};
    REQUIRE_FALSE(links.set_ipv4_conf(eth0, base_conf));
    CHECK(links.read_sysctl("ipv4/conf/eth0/arp_ignore") == 1U);
    CHECK(links.read_sysctl("ipv4/conf/eth0/arp_filter") == 1U);

    CHECK_FALSE(links.write_sysctl("ipv6/conf/vrrp.51/disable_ipv6", 1));
    CHECK(sysctl("ipv6/conf/vrrp.51/disable_ipv6") == "1\n");
    CHECK_FALSE(links.read_sysctl("ipv4/conf/nosuch/arp_ignore"));
    CHECK(links.write_sysctl("ipv4/conf/nosuch/arp_ignore", 1));

    // A same-named macvlan with the wrong MAC and mode is updated in place.
    run("ip link add link eth0 name vrrp.52 address 02:00:00:00:00:01 type macvlan mode bridge");
    auto wrong = links.find("vrrp.52");
    REQUIRE(wrong);
    CHECK(wrong->macvlan_mode == netlink::MacvlanMode::bridge);
    REQUIRE_FALSE(links.update_macvlan(wrong->index, vmac52));
    auto fixed = links.find("vrrp.52");
    REQUIRE(fixed);
    CHECK(fixed->index == wrong->index);
    CHECK(fixed->mac == vmac52);
    CHECK(fixed->macvlan_mode == netlink::MacvlanMode::private_);

    CHECK_FALSE(links.remove(found->index));
    CHECK_FALSE(links.remove(fixed->index));
    CHECK_FALSE(links.find("vrrp.51"));
    CHECK(links.remove(found->index));  // gone
    const auto names = links.list();
    CHECK(std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.name == "eth0" && n.index == eth0; }));
    // A plain veth is no macvlan.
    auto plain = links.find("eth0");
    REQUIRE(plain);
    CHECK(plain->kind == "veth");
    CHECK_FALSE(plain->macvlan_mode);
}
