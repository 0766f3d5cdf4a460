#include "config/model.hpp"

#include <doctest/doctest.h>

using namespace vigil::config;
using namespace vigil::net;

TEST_CASE("model defaults are keepalived 2.2.7's") {
    const VrrpInstance vi;
    CHECK(vi.advert_int_ == std::chrono::seconds{1});
    CHECK_FALSE(vi.priority_.has_value());
    const GlobalDefs g;
    CHECK(g.vrrp_version_ == 2);
    CHECK(g.vrrp_garp_master_delay_ == std::chrono::seconds{5});
    CHECK(g.vrrp_garp_master_repeat_ == 5);
    CHECK(g.vrrp_mcast_group4_.to_string() == "224.0.0.18");
    CHECK(g.vrrp_mcast_group6_.to_string() == "ff02::12");
    CHECK(RootSettings{}.child_wait_time_ == std::chrono::seconds{5});
}

TEST_CASE("locations take no part in equality") {
    VrrpInstance a;
    VrrpInstance b;
    a.location_ = {std::make_shared<const std::string>("a.conf"), 1, 1};
    b.location_ = {std::make_shared<const std::string>("b.conf"), 7, 3};
    CHECK(a == b);
    b.priority_ = 100;
    CHECK_FALSE(a == b);
}

TEST_CASE("ip addresses parse and format") {
    CHECK(IpAddress::parse("192.0.2.300") == std::nullopt);
    CHECK(IpAddress::parse("not-an-ip") == std::nullopt);
    const auto v6 = IpAddress::parse("FE80::1");
    REQUIRE(v6);
    CHECK(v6->is_link_local());
    CHECK(v6->to_string() == "fe80::1");
    const auto p = IpPrefix::parse("10.57.0.1/24");
    REQUIRE(p);
    CHECK(p->address_.with_host_bits(p->prefix_, 1).to_string() == "10.57.0.255");
    CHECK(IpPrefix::parse("192.168.100./24") == std::nullopt);
    CHECK(IpPrefix::parse("10.0.0.1/33") == std::nullopt);
}

TEST_CASE("HeapOptional behaves as an optional with value semantics") {
    OptionalCommand a;
    CHECK_FALSE(a.has_value());
    CHECK(a == std::nullopt);
    a = Command{{"/bin/true"}, "/bin/true", std::nullopt, std::nullopt};
    REQUIRE(a);
    CHECK(a->argv_.front() == "/bin/true");
    OptionalCommand b = a; // deep copy
    b->argv_.front() = "/bin/false";
    CHECK(a->argv_.front() == "/bin/true");
    CHECK_FALSE(a == b);
    b = a;
    CHECK(a == b);
    b = std::optional<Command>{};
    CHECK_FALSE(b.has_value());
    CHECK(HeapOptional<Vmac>{}.value_or(Vmac{std::string{"v"}, std::nullopt, false, false}).ifname_ == "v");
    CHECK_THROWS_AS((void)b.value(), std::bad_optional_access);
}
