// VmacManager against fake links, addresses and firewall transport.
#include "vmac/ipvlan_manager.hpp"
#include "vmac/vmac_manager.hpp"

#include "util/log.hpp"
#include "vmac/vmac_identity.hpp"

#include <doctest/doctest.h>
#include <map>
#include <string>
#include <vector>

using namespace vigil;
using namespace vigil::vmac;

namespace {

std::vector<std::string> logged;
void capture(log::Level, std::string_view line) {
    logged.emplace_back(line);
}

class FakeLinks final : public netlink::LinkControl {
public:
    FakeLinks() {
        add("lo", "", 0);
        add("eth0", "veth", 0);
        sysctl["ipv4/conf/all/rp_filter"] = 1;
        sysctl["ipv4/conf/default/rp_filter"] = 0;
    }
    int add(const std::string& name, const std::string& kind, int parent, netlink::MacBytes mac = {}) {
        netlink::LinkDetails d;
        d.index = next++;
        d.name = name;
        d.kind = kind;
        d.parent = parent;
        d.mac = mac;
        if (kind == "macvlan") {
            d.macvlan_mode = netlink::MacvlanMode::private_;
        }
        links[name] = d;
        for (const char* key : {"rp_filter", "arp_ignore", "arp_filter", "accept_local", "promote_secondaries"}) {
            sysctl["ipv4/conf/" + name + "/" + key] = 0;
        }
        return d.index;
    }
    const netlink::LinkDetails* by_index(int index) const {
        for (const auto& [n, d] : links) {
            if (d.index == index) {
                return &d;
            }
        }
        return nullptr;
    }
    std::optional<netlink::LinkDetails> find(std::string_view name) noexcept override {
        const auto it = links.find(std::string{name});
        return it == links.end() ? std::nullopt : std::optional{it->second};
    }
    std::vector<netlink::LinkName> list() noexcept override {
        std::vector<netlink::LinkName> out;
        for (const auto& [n, d] : links) {
            out.push_back({d.index, n});
        }
        return out;
    }
    std::error_code create_macvlan(std::string_view name, int parent, const netlink::MacBytes& mac) noexcept override {
        calls.push_back("create " + std::string{name});
        add(std::string{name}, "macvlan", parent, mac);
        return {};
    }
    std::error_code update_macvlan(int index, const netlink::MacBytes& mac) noexcept override {
        calls.push_back("update");
        for (auto& [n, d] : links) {
            if (d.index == index) {
                d.mac = mac;
                d.macvlan_mode = netlink::MacvlanMode::private_;
            }
        }
        return {};
    }
    std::error_code create_ipvlan(std::string_view name, int parent, netlink::IpvlanFlags flags) noexcept override {
        calls.push_back("create ipvlan " + std::string{name});
        const int index = add(std::string{name}, "ipvlan", parent, links_mac(parent));
        for (auto& [n, d] : links) {
            if (d.index == index) {
                d.ipvlan_mode = netlink::ipvlan_mode_l2;
                d.ipvlan_flags = flags;
                d.admin_up = true;
            }
        }
        return {};
    }
    netlink::MacBytes links_mac(int index) const {
        const auto* d = by_index(index);
        return d != nullptr ? d->mac : netlink::MacBytes{};
    }
    std::error_code set_addr_gen_mode_none(int) noexcept override {
        calls.push_back("addrgenmode");
        return {};
    }
    std::error_code set_up(int) noexcept override {
        calls.push_back("up");
        return {};
    }
    std::error_code remove(int index) noexcept override {
        calls.push_back("remove");
        std::erase_if(links, [&](const auto& item) { return item.second.index == index; });
        return {};
    }
    std::error_code set_ipv4_conf(int index, std::span<const netlink::Ipv4Setting> settings) noexcept override {
        const auto* d = by_index(index);
        REQUIRE(d != nullptr);
        for (const auto& s : settings) {
            const char* key = s.key == netlink::Ipv4Conf::rp_filter            ? "rp_filter"
                              : s.key == netlink::Ipv4Conf::arp_ignore          ? "arp_ignore"
                              : s.key == netlink::Ipv4Conf::arp_filter          ? "arp_filter"
                              : s.key == netlink::Ipv4Conf::accept_local        ? "accept_local"
                                                                                : "promote_secondaries";
            sysctl["ipv4/conf/" + d->name + "/" + key] = s.value;
        }
        return {};
    }
    std::optional<std::uint32_t> read_sysctl(std::string_view path) noexcept override {
        const auto it = sysctl.find(std::string{path});
        return it == sysctl.end() ? std::nullopt : std::optional{it->second};
    }
    std::error_code write_sysctl(std::string_view path, std::uint32_t value) noexcept override {
        sysctl[std::string{path}] = value;
        return {};
    }

    int next{1};
    std::map<std::string, netlink::LinkDetails> links;
    std::map<std::string, std::uint32_t> sysctl;
    std::vector<std::string> calls;
};

class FakeAddresses final : public netlink::AddressTable {
public:
    void apply(std::span<const netlink::TableChange>, std::span<std::error_code>) noexcept override {}
    std::error_code add_address(const netlink::AddressSpec& a) noexcept override {
        added.push_back(a);
        return {};
    }
    std::error_code remove_address(const netlink::AddressSpec&) noexcept override { return {}; }
    std::error_code add_route(const netlink::RouteSpec&) noexcept override { return {}; }
    std::error_code remove_route(const netlink::RouteSpec&) noexcept override { return {}; }
    std::error_code add_rule(const netlink::RuleSpec&) noexcept override { return {}; }
    std::error_code remove_rule(const netlink::RuleSpec&) noexcept override { return {}; }
    std::error_code dump_interfaces(std::vector<netlink::NetlinkEvent>&) noexcept override { return {}; }
    std::vector<netlink::AddressSpec> added;
};

class FakeTransport final : public nft::Transport {
public:
    nft::SendResult send(const nft::Batch&) noexcept override {
        ++batches;
        return {};
    }
    bool table_exists(nft::TableFamily, std::string_view) noexcept override { return false; }
    int batches{0};
};

VmacRequest v4_request() {
    return VmacRequest{.instance = "V4",
                       .name = "vrrp.51",
                       .base_index = 2,
                       .base_name = "eth0",
                       .mac = virtual_mac(net::Family::ipv4, 51),
                       .family = net::Family::ipv4};
}

} // namespace

TEST_CASE("an IPv4 VMAC: created with keepalived's settings; stop restores rp_filter and the base") {
    logged.clear();
    log::set_sink(capture);
    log::set_detail(true);
    FakeLinks links;
    FakeAddresses addresses;
    FakeTransport transport;
    nft::Firewall firewall{nft::FirewallSettings{}, transport, 1};
    VmacManager manager{links, addresses, &firewall, VmacSettings{}};
    links.sysctl["ipv4/conf/eth0/arp_ignore"] = 2;

    CHECK(manager.bring_up(v4_request()) == Outcome::created);
    REQUIRE(manager.index_of("vrrp.51"));
    CHECK(links.calls == std::vector<std::string>{"create vrrp.51", "addrgenmode", "up"});
    auto& s = links.sysctl;
    CHECK(s["ipv4/conf/vrrp.51/arp_ignore"] == 1);
    CHECK(s["ipv4/conf/vrrp.51/accept_local"] == 1);
    CHECK(s["ipv4/conf/vrrp.51/rp_filter"] == 0);
    CHECK(s["ipv4/conf/vrrp.51/promote_secondaries"] == 1);
    CHECK(s["ipv4/conf/eth0/arp_ignore"] == 1);
    CHECK(s["ipv4/conf/eth0/arp_filter"] == 1);
    CHECK(s["ipv4/conf/eth0/rp_filter"] == 1);  // raised to the old all
    CHECK(s["ipv4/conf/all/rp_filter"] == 0);
    CHECK(s["ipv4/conf/default/rp_filter"] == 1);
    CHECK(s["ipv6/conf/vrrp.51/disable_ipv6"] == 1);
    CHECK(transport.batches == 1);
    CHECK(addresses.added.empty());
    CHECK(logged == std::vector<std::string>{
                        "(V4): Success creating VMAC interface vrrp.51",
                        "NOTICE: setting sysctl net.ipv4.conf.default.rp_filter from 0 to 1",
                        "NOTICE: setting sysctl net.ipv4.conf.all.rp_filter from 1 to 0",
                    });

    logged.clear();
    manager.stop();
    CHECK(s["ipv4/conf/all/rp_filter"] == 1);
    CHECK(s["ipv4/conf/default/rp_filter"] == 0);
    CHECK(s["ipv4/conf/eth0/rp_filter"] == 0);
    CHECK(s["ipv4/conf/eth0/arp_ignore"] == 2);  // vigil restores; keepalived leaves 1
    CHECK(s["ipv4/conf/eth0/arp_filter"] == 0);
    CHECK_FALSE(links.find("vrrp.51"));
    CHECK(transport.batches == 2);  // the VMAC's map entry removed
    CHECK(logged == std::vector<std::string>{
                        "NOTICE: resetting sysctl net.ipv4.conf.all.rp_filter to 1",
                        "NOTICE: resetting sysctl net.ipv4.conf.default.rp_filter to 0",
                        "(V4) Success removing VMAC interface vrrp.51",
                    });
    log::set_sink(nullptr);
    log::set_detail(false);
}

TEST_CASE("an IPv6 VMAC gets the link-local address, no IPv4 settings, no address with xmit_base") {
    FakeLinks links;
    FakeAddresses addresses;
    VmacManager manager{links, addresses, nullptr, VmacSettings{}};
    auto r = v4_request();
    r.instance = "V6";
    r.name = "vrrp.52";
    r.family = net::Family::ipv6;
    r.mac = virtual_mac(net::Family::ipv6, 52);
    r.link_local = net::IpAddress::parse("fe80::a852:b7ff:feaf:da31");
    CHECK(manager.bring_up(r) == Outcome::created);
    REQUIRE(addresses.added.size() == 1);
    CHECK(addresses.added[0].prefix == 64);
    CHECK(addresses.added[0].flags == netlink::address_flag::nodad);
    CHECK(addresses.added[0].preferred_lifetime == 0U);
    CHECK(links.sysctl["ipv4/conf/all/rp_filter"] == 1);  // untouched
    CHECK(links.sysctl["ipv6/conf/vrrp.52/disable_ipv6"] == 0);

    r.name = "vrrp6.52";
    r.xmit_base = XmitBase::on;
    manager.bring_up(r);
    CHECK(addresses.added.size() == 1);
}

TEST_CASE("existing interfaces: adopted, updated, replaced or refused") {
    logged.clear();
    log::set_sink(capture);
    FakeLinks links;
    FakeAddresses addresses;
    VmacManager manager{links, addresses, nullptr, VmacSettings{}};
    const auto r = v4_request();

    links.add("vrrp.51", "macvlan", 2, r.mac);
    CHECK(manager.bring_up(r) == Outcome::adopted);
    CHECK(links.sysctl["ipv4/conf/all/rp_filter"] == 1);  // no settings for an adopted VMAC
    CHECK(links.sysctl["ipv4/conf/eth0/arp_filter"] == 0);
    links.sysctl["ipv4/conf/all/rp_filter"] = 0;  // (no NOTICE lines below)
    manager.lost("vrrp.51");
    CHECK_FALSE(manager.index_of("vrrp.51"));

    links.links.erase("vrrp.51");
    links.add("vrrp.51", "macvlan", 2, {0x02, 0, 0, 0, 0, 1});
    CHECK(manager.bring_up(r) == Outcome::updated);
    CHECK(links.find("vrrp.51")->mac == r.mac);

    links.links.erase("vrrp.51");
    links.add("vrrp.51", "macvlan", 7, r.mac);  // on another base
    CHECK(manager.bring_up(r) == Outcome::created);
    CHECK(links.find("vrrp.51")->parent == 2);

    links.links.erase("vrrp.51");
    links.add("vrrp.51", "veth", 0);
    CHECK(manager.bring_up(r) == Outcome::failed);
    CHECK(logged == std::vector<std::string>{
                        "(V4) Update old VMAC interface vrrp.51 due to wrong MAC/mode ",
                        "(V4) Removing old VMAC interface vrrp.51 due to conflicting interface",
                        "VMAC vrrp.51 conflicts with existing interface",
                    });
    log::set_sink(nullptr);
}

TEST_CASE("the base's arp settings are shared by its VMACs and restored after the last") {
    FakeLinks links;
    links.sysctl["ipv4/conf/all/rp_filter"] = 0;
    FakeAddresses addresses;
    VmacManager manager{links, addresses, nullptr, VmacSettings{}};
    auto a = v4_request();
    auto b = v4_request();
    b.name = "vrrp.60";
    manager.bring_up(a);
    manager.bring_up(b);
    CHECK(links.sysctl["ipv4/conf/eth0/arp_filter"] == 1);
    manager.tear_down("vrrp.51");
    CHECK(links.sysctl["ipv4/conf/eth0/arp_filter"] == 1);
    manager.tear_down("vrrp.60");
    CHECK(links.sysctl["ipv4/conf/eth0/arp_filter"] == 0);
    CHECK(links.sysctl["ipv4/conf/all/rp_filter"] == 0);
}

TEST_CASE("an ipvlan: created up with its flags and address, reused as it is, removed at stop") {
    logged.clear();
    log::set_sink(capture);
    log::set_detail(true);
    FakeLinks links;
    FakeAddresses addresses;
    IpvlanManager manager{links, addresses};
    const IpvlanRequest request{.instance = "V1",
                                .name = "ipvl52",
                                .base_index = 2,
                                .flags = netlink::IpvlanFlags::private_,
                                .family = net::Family::ipv4,
                                .address = net::IpPrefix::parse("192.0.2.12/24")};
    CHECK(manager.bring_up(request) == Outcome::created);
    CHECK(links.calls == std::vector<std::string>{"create ipvlan ipvl52"});  // up at creation
    REQUIRE(links.find("ipvl52"));
    CHECK(links.find("ipvl52")->ipvlan_flags == netlink::IpvlanFlags::private_);
    CHECK(manager.index_of("ipvl52") == links.find("ipvl52")->index);
    // keepalived: no IPv4 sysctl, no addrgenmode, no firewall; IPv6 off for an IPv4 instance.
    CHECK(links.sysctl["ipv6/conf/ipvl52/disable_ipv6"] == 1);
    CHECK(links.sysctl["ipv4/conf/ipvl52/arp_ignore"] == 0);
    CHECK(links.sysctl["ipv4/conf/all/rp_filter"] == 1);
    REQUIRE(addresses.added.size() == 1);
    CHECK(addresses.added[0].ifindex == links.find("ipvl52")->index);
    CHECK(addresses.added[0].address.to_string() == "192.0.2.12");
    CHECK(addresses.added[0].prefix == 24);
    CHECK(logged == std::vector<std::string>{"(V1): Success creating ipvlan interface ipvl52"});

    // Deleted by hand: lost, then brought up anew; an existing one is reused silently.
    logged.clear();
    links.remove(links.find("ipvl52")->index);
    manager.lost("ipvl52");
    CHECK_FALSE(manager.index_of("ipvl52"));
    CHECK(manager.bring_up(request) == Outcome::created);
    CHECK(manager.bring_up(request) == Outcome::adopted);
    CHECK(logged == std::vector<std::string>{"(V1): Success creating ipvlan interface ipvl52"});

    logged.clear();
    manager.stop();
    CHECK_FALSE(links.find("ipvl52"));
    CHECK(logged == std::vector<std::string>{"(V1) Success removing VMAC interface ipvl52"});
    log::set_sink(nullptr);
    log::set_detail(false);
}

TEST_CASE("an IPv6 ipvlan keeps IPv6 and gets no address of ours") {
    FakeLinks links;
    FakeAddresses addresses;
    IpvlanManager manager{links, addresses};
    CHECK(manager.bring_up(IpvlanRequest{.instance = "V6", .name = "ipvl54", .base_index = 2,
                                         .family = net::Family::ipv6}) == Outcome::created);
    CHECK(links.sysctl["ipv6/conf/ipvl54/disable_ipv6"] == 0);
    CHECK(addresses.added.empty());
    CHECK(links.find("ipvl54")->ipvlan_flags == netlink::IpvlanFlags::bridge);
}
