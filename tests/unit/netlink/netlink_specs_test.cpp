#include "netlink/address_spec.hpp"
#include "netlink/interface_catalog.hpp"
#include "netlink/route_spec.hpp"
#include "netlink/rtnl_convert.hpp"

#include <cstring>
#include <doctest/doctest.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

using namespace vigil::netlink;

namespace {

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

// Parses the attributes of an RTM_*ADDR request built by libnl.
struct AddrMessage {
    ifaddrmsg header{};
    nlattr* attrs[IFA_MAX + 1]{};
    vigil::netlink::NlMsgPtr msg;
};

AddrMessage build_add(const AddressSpec& spec) {
    AddrMessage out;
    RtnlAddrPtr addr = make_rtnl_addr(spec);
    REQUIRE(addr);
    nl_msg* msg = nullptr;
    REQUIRE(rtnl_addr_build_add_request(addr.get(), NLM_F_CREATE | NLM_F_EXCL, &msg) == 0);
    out.msg.reset(msg);
    nlmsghdr* hdr = nlmsg_hdr(msg);
    CHECK(hdr->nlmsg_type == RTM_NEWADDR);
    std::memcpy(&out.header, nlmsg_data(hdr), sizeof out.header);
    REQUIRE(nlmsg_parse(hdr, sizeof(ifaddrmsg), out.attrs, IFA_MAX, nullptr) == 0);
    return out;
}

} // namespace

TEST_CASE("brd + and brd - from the prefix") {
    CHECK(broadcast_address(ip("10.57.0.1"), 24, BroadcastFill::ones) == ip("10.57.0.255"));
    CHECK(broadcast_address(ip("10.57.0.1"), 24, BroadcastFill::zeros) == ip("10.57.0.0"));
    CHECK(broadcast_address(ip("192.0.2.77"), 30, BroadcastFill::ones) == ip("192.0.2.79"));
    CHECK(broadcast_address(ip("192.0.2.77"), 32, BroadcastFill::ones) == ip("192.0.2.77"));
    CHECK(broadcast_address(ip("192.0.2.77"), 0, BroadcastFill::ones) == ip("255.255.255.255"));
}

TEST_CASE("VIP defaults: IPv6 nodad and preferred_lft 0 for /128") {
    AddressSpec v6{.address = ip("2001:db8::100"), .prefix = 128};
    apply_vip_defaults(v6, Dad::disabled, std::nullopt);
    CHECK((v6.flags & address_flag::nodad) != 0);
    CHECK(v6.preferred_lifetime == 0U);

    AddressSpec v6_64{.address = ip("2001:db8::100"), .prefix = 64};
    apply_vip_defaults(v6_64, Dad::enabled, std::nullopt);
    CHECK((v6_64.flags & address_flag::nodad) == 0);
    CHECK_FALSE(v6_64.preferred_lifetime);

    AddressSpec forever{.address = ip("2001:db8::100"), .prefix = 128};
    apply_vip_defaults(forever, Dad::disabled, lifetime_forever);
    CHECK_FALSE(forever.preferred_lifetime);

    AddressSpec v4{.address = ip("192.0.2.100"), .prefix = 32};
    apply_vip_defaults(v4, Dad::disabled, std::nullopt);
    CHECK(v4.flags == 0);
    CHECK_FALSE(v4.preferred_lifetime);
}

TEST_CASE("an IPv4 VIP request carries label, broadcast, scope and IFA_FLAGS") {
    AddressSpec spec{.ifindex = 7, .address = ip("192.0.2.100"), .prefix = 24, .scope = 253};
    spec.broadcast = ip("192.0.2.255");
    spec.label = "eth0:vip";
    spec.flags = address_flag::noprefixroute;
    auto m = build_add(spec);
    CHECK(m.header.ifa_family == AF_INET);
    CHECK(m.header.ifa_prefixlen == 24);
    CHECK(m.header.ifa_scope == 253);
    CHECK(m.header.ifa_index == 7);
    REQUIRE(m.attrs[IFA_LOCAL] != nullptr);
    CHECK(std::memcmp(nla_data(m.attrs[IFA_LOCAL]), ip("192.0.2.100").bytes().data(), 4) == 0);
    REQUIRE(m.attrs[IFA_BROADCAST] != nullptr);
    CHECK(std::memcmp(nla_data(m.attrs[IFA_BROADCAST]), ip("192.0.2.255").bytes().data(), 4) == 0);
    REQUIRE(m.attrs[IFA_LABEL] != nullptr);
    CHECK(std::strcmp(nla_get_string(m.attrs[IFA_LABEL]), "eth0:vip") == 0);
    REQUIRE(m.attrs[IFA_FLAGS] != nullptr);
    CHECK(nla_get_u32(m.attrs[IFA_FLAGS]) == IFA_F_NOPREFIXROUTE);
    CHECK(m.attrs[IFA_CACHEINFO] == nullptr);
}

TEST_CASE("an IPv6 /128 VIP request carries NODAD and preferred_lft 0") {
    AddressSpec spec{.ifindex = 3, .address = ip("2001:db8::100"), .prefix = 128};
    apply_vip_defaults(spec, Dad::disabled, std::nullopt);
    auto m = build_add(spec);
    CHECK(m.header.ifa_family == AF_INET6);
    CHECK((m.header.ifa_flags & IFA_F_NODAD) != 0);
    REQUIRE(m.attrs[IFA_CACHEINFO] != nullptr);
    ifa_cacheinfo info{};
    std::memcpy(&info, nla_data(m.attrs[IFA_CACHEINFO]), sizeof info);
    CHECK(info.ifa_prefered == 0U);
    CHECK(info.ifa_valid == 0xffffffffU);
}

TEST_CASE("same_route matches the kernel's copy by key") {
    RouteSpec configured{.destination = ip("198.51.100.0"), .prefix = 24, .ifindex = 2};
    RouteSpec observed = configured;
    observed.scope = 253;
    observed.metric = 0;
    CHECK(same_route(configured, observed));
    observed.table = 100;
    CHECK_FALSE(same_route(configured, observed));
    RouteSpec v6{.family = Family::ipv6, .destination = ip("2001:db8:1::"), .prefix = 48};
    RouteSpec v6_observed = v6;
    v6_observed.metric = 1024;
    CHECK(same_route(v6, v6_observed));
}

TEST_CASE("route requests: default route, blackhole, onlink gateway") {
    RouteSpec spec{.gateway = ip("192.0.2.1"), .ifindex = 4, .nexthop_flags = nexthop_flag_onlink};
    RtnlRoutePtr route = make_rtnl_route(spec);
    REQUIRE(route);
    nl_msg* raw = nullptr;
    REQUIRE(rtnl_route_build_add_request(route.get(), NLM_F_CREATE, &raw) == 0);
    NlMsgPtr msg(raw);
    rtmsg header{};
    std::memcpy(&header, nlmsg_data(nlmsg_hdr(raw)), sizeof header);
    CHECK(header.rtm_family == AF_INET);
    CHECK(header.rtm_dst_len == 0);
    CHECK(header.rtm_protocol == 18);
    CHECK(header.rtm_type == RTN_UNICAST);
    CHECK((header.rtm_flags & RTNH_F_ONLINK) != 0);

    RouteSpec blackhole{
        .destination = ip("203.0.113.0"), .prefix = 24, .type = RouteType::blackhole};
    RtnlRoutePtr bh = make_rtnl_route(blackhole);
    REQUIRE(bh);
    REQUIRE(rtnl_route_build_add_request(bh.get(), NLM_F_CREATE, &raw) == 0);
    msg.reset(raw);
    std::memcpy(&header, nlmsg_data(nlmsg_hdr(raw)), sizeof header);
    CHECK(header.rtm_type == RTN_BLACKHOLE);
    CHECK(header.rtm_dst_len == 24);

    // The event conversion reads the same fields back.
    auto event = route_event(bh.get(), Change::added);
    REQUIRE(event);
    CHECK(event->route.destination == ip("203.0.113.0"));
    CHECK(event->route.prefix == 24);
    CHECK(event->route.type == RouteType::blackhole);
}

TEST_CASE("the catalog follows links and addresses") {
    InterfaceCatalog catalog;
    LinkEvent eth0{.index = 2,
                   .name = "eth0",
                   .flags = IFF_UP | IFF_MULTICAST,
                   .mac = {0x52, 0x54, 0, 0x12, 0x34, 0x56}};
    CHECK(catalog.apply(eth0) == CatalogChange::appeared);
    CHECK_FALSE(catalog.find(2)->up());
    CHECK(catalog.find("eth0")->index == 2);
    CHECK(catalog.find("eth1") == nullptr);
    CHECK(catalog.find(2)->multicast());

    eth0.flags |= IFF_RUNNING;
    CHECK(catalog.apply(eth0) == CatalogChange::went_up);
    CHECK(catalog.apply(eth0) == CatalogChange::none);

    AddressEvent a{.ifindex = 2, .address = ip("192.0.2.1"), .prefix = 24};
    AddressEvent secondary{
        .ifindex = 2, .address = ip("192.0.2.2"), .prefix = 24, .flags = ifa_flag_secondary};
    AddressEvent ll{.ifindex = 2, .address = ip("fe80::5054:ff:fe12:3456"), .prefix = 64};
    CHECK(catalog.apply(secondary) == CatalogChange::address_added);
    CHECK(catalog.apply(a) == CatalogChange::address_added);
    CHECK(catalog.apply(a) == CatalogChange::none);
    CHECK(catalog.apply(ll) == CatalogChange::address_added);
    CHECK(catalog.find(2)->primary_ipv4() == ip("192.0.2.1"));
    CHECK(catalog.find(2)->link_local_ipv6() == ll.address);

    a.change = Change::removed;
    CHECK(catalog.apply(a) == CatalogChange::address_removed);
    CHECK_FALSE(catalog.find(2)->has_address(ip("192.0.2.1")));
    CHECK_FALSE(catalog.find(2)->primary_ipv4());

    eth0.flags &= ~static_cast<std::uint32_t>(IFF_RUNNING);
    CHECK(catalog.apply(eth0) == CatalogChange::went_down);
    eth0.name = "lan0";
    CHECK(catalog.apply(eth0) == CatalogChange::link_changed);
    CHECK(catalog.find("lan0") != nullptr);
    eth0.change = Change::removed;
    CHECK(catalog.apply(eth0) == CatalogChange::removed);
    CHECK(catalog.find(2) == nullptr);
    CHECK(catalog.apply(MonitorOverrun{}) == CatalogChange::none);
}
