#include "vrrpd/vmac_holders.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace vigil;
using namespace vigil::vrrpd;

namespace {

constexpr netlink::MacBytes vrid51_v4{0x00, 0x00, 0x5e, 0x00, 0x01, 51};

struct Host {
    netlink::InterfaceCatalog catalog;
    std::map<std::string, netlink::LinkDetails, std::less<>> details;

    int add(const std::string& name, const std::string& kind, int parent, netlink::MacBytes mac) {
        const int index = static_cast<int>(details.size()) + 2;
        netlink::LinkEvent e;
        e.index = index;
        e.name = name;
        e.mac = mac;
        catalog.apply(e);
        details[name] = netlink::LinkDetails{.index = index, .name = name, .kind = kind, .parent = parent, .mac = mac};
        return index;
    }
    LinkLookup lookup() const {
        return [this](std::string_view name) -> std::optional<netlink::LinkDetails> {
            const auto it = details.find(name);
            return it == details.end() ? std::nullopt : std::optional(it->second);
        };
    }
};

config::VrrpInstance vmac_instance() {
    config::VrrpInstance m;
    m.name_ = "VI_1";
    m.interface_ = "eth0";
    m.use_vmac_.emplace().enabled_ = true;
    return m;
}

vrrp::InstanceConfig engine_instance() {
    vrrp::InstanceConfig c;
    c.name = "VI_1";
    c.vrid = 51;
    c.interface = "eth0";
    return c;
}

} // namespace

TEST_CASE("vmac_holders: the macvlans on the base with the instance's virtual MAC") {
    Host host;
    const int eth0 = host.add("eth0", "veth", 0, {0x02, 1, 2, 3, 4, 5});
    const int eth1 = host.add("eth1", "veth", 0, {0x02, 1, 2, 3, 4, 6});
    host.add("vrrp.51", "macvlan", eth0, vrid51_v4);
    host.add("other", "macvlan", eth1, vrid51_v4);                    // another base
    host.add("wrongmac", "macvlan", eth0, {0x00, 0x00, 0x5e, 0x00, 0x01, 52});
    host.add("bridge", "bridge", 0, vrid51_v4);                       // not a macvlan
    CHECK(vmac_holders(vmac_instance(), engine_instance(), host.catalog, host.lookup()) ==
          std::vector<std::string>{"vrrp.51"});
}

TEST_CASE("vmac_holders: use_vmac NAME first, and a configured MAC") {
    Host host;
    const int eth0 = host.add("eth0", "veth", 0, {0x02, 1, 2, 3, 4, 5});
    host.add("vrrp.51", "macvlan", eth0, vrid51_v4);
    host.add("mine", "macvlan", eth0, {0x02, 0xaa, 0xbb, 0xcc, 0xdd, 51});
    config::VrrpInstance m = vmac_instance();
    m.use_vmac_->ifname_ = "mine";
    CHECK(vmac_holders(m, engine_instance(), host.catalog, host.lookup()) == std::vector<std::string>{"mine", "vrrp.51"});
    m.use_vmac_->mac_ = "02:aa:bb:cc:dd";
    CHECK(vmac_holders(m, engine_instance(), host.catalog, host.lookup()) == std::vector<std::string>{"mine"});
}

TEST_CASE("vmac_holders: nothing without use_vmac, without the base, or for the base itself") {
    Host host;
    host.add("eth0", "macvlan", 0, vrid51_v4);
    config::VrrpInstance plain = vmac_instance();
    plain.use_vmac_.reset();
    CHECK(vmac_holders(plain, engine_instance(), host.catalog, host.lookup()).empty());
    CHECK(vmac_holders(vmac_instance(), engine_instance(), host.catalog, host.lookup()).empty());
    vrrp::InstanceConfig elsewhere = engine_instance();
    elsewhere.interface = "eth9";
    CHECK(vmac_holders(vmac_instance(), elsewhere, host.catalog, host.lookup()).empty());
}
