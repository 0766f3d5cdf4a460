// Root integration test of the nftables firewall (src/nft): batches sent through
// NetfilterSocket in a private network namespace, the result read back with
// `nft -j list ruleset` and compared (normalised: no handles, counters zeroed) with the
// ruleset keepalived 2.2.7 built in the same situation (tests/data/nft/*.json).
#include "io_netns.hpp"
#include "nft/firewall.hpp"
#include "nft/netfilter_socket.hpp"
#include "util/log.hpp"

#include <net/if.h>
#include <string>
#include <vector>

using namespace vigil;
using io_test::contains;
using io_test::run;

namespace {

const std::string data_dir = VIGIL_TEST_DATA;
const std::string normalise = VIGIL_NFT_NORMALISE;

std::vector<std::string> logged;
void capture_log(log::Level /*level*/, std::string_view line) {
    logged.emplace_back(line);
}

bool have_nft() {
    return contains(run("command -v nft >/dev/null && command -v python3 >/dev/null && echo yes"), "yes");
}

std::string ruleset() {
    return run("nft -j list ruleset | python3 " + normalise);
}

std::string keepalived_ruleset(const std::string& file) {
    return run("python3 " + normalise + " < " + data_dir + "/nft/" + file);
}

std::uint32_t ifindex(const char* name) {
    return ::if_nametoindex(name);
}

nft::VipEntry vip(const char* text, const char* dev = "eth0") {
    return nft::VipEntry{*net::IpAddress::parse(text), ifindex(dev), dev, nft::LinkLocalKey::ifindex};
}

// keepalived's lab: eth0 (with peer eth1), VMACs vrrp.51 and vrrp.52 on it.
void make_links() {
    run("ip link add eth0 type veth peer name eth1; ip link set eth0 up; ip link set eth1 up");
    run("ip link add link eth0 name vrrp.51 type macvlan mode private; ip link set vrrp.51 up");
    run("ip link add link eth0 name vrrp.52 type macvlan mode private; ip link set vrrp.52 up");
}

} // namespace

TEST_CASE("vrrp_strict: the ruleset equals keepalived's, entries come and go, stop removes it") {
    if (!have_nft()) {
        MESSAGE("SKIP: nft or python3 missing");
        return;
    }
    make_links();
    log::set_sink(capture_log);
    nft::NetfilterSocket socket;
    nft::Firewall fw{nft::FirewallSettings{.counters = true}, socket, 1000};
    const nft::VipEntry v4[] = {vip("192.0.2.101"), vip("192.0.2.102")};
    const nft::VipEntry v6[] = {vip("fe80::62"), vip("2001:db8::101")};
    fw.add_vips(v4);
    fw.add_vips(v6);
    const auto master = ruleset();
    CHECK(contains(master, "\"vips_link_local\""));
    CHECK(master == keepalived_ruleset("keepalived-strict-master.json"));
    CHECK(logged.empty());

    // Leaving MASTER: the elements go, tables, chains and sets stay.
    fw.remove_vips(v4);
    fw.remove_vips(v6);
    const auto backup = run("nft list ruleset");
    CHECK_FALSE(contains(backup, "192.0.2.101"));
    CHECK_FALSE(contains(backup, "fe80::62"));
    CHECK(contains(backup, "ip6 daddr . iif @vips_link_local"));
    fw.add_vips(v4);
    CHECK(contains(run("nft list set ip keepalived vips"), "192.0.2.101, 192.0.2.102"));

    fw.stop();
    CHECK(ruleset().empty());
    CHECK(logged.empty());
    log::set_sink(nullptr);
}

TEST_CASE("use_vmac: the IGMP/MLD rules equal keepalived's") {
    if (!have_nft()) {
        return;
    }
    log::set_sink(capture_log);
    logged.clear();
    nft::NetfilterSocket socket;
    nft::Firewall fw{nft::FirewallSettings{.counters = true}, socket, 1};
    fw.add_vmac({.vmac_ifindex = ifindex("vrrp.51"), .base_ifindex = ifindex("eth0"), .ipv4 = true}, std::nullopt);
    fw.add_vmac({.vmac_ifindex = ifindex("vrrp.52"), .base_ifindex = ifindex("eth0"), .ipv6 = true}, std::nullopt);
    const auto vmac = ruleset();
    CHECK(contains(vmac, "mld2-listener-report"));
    CHECK(vmac == keepalived_ruleset("keepalived-vmac.json"));
    fw.remove_vmac({.vmac_ifindex = ifindex("vrrp.51"), .base_ifindex = ifindex("eth0"), .ipv4 = true});
    CHECK_FALSE(contains(run("nft list map ip keepalived vmac_map"), "vrrp.51"));
    fw.stop();
    CHECK(ruleset().empty());
    CHECK(logged.empty());
    log::set_sink(nullptr);
}

TEST_CASE("tables left by an earlier run are deleted first; nftables/nftables_priority apply") {
    if (!have_nft()) {
        return;
    }
    log::set_sink(capture_log);
    logged.clear();
    run("nft add table ip vigiltest; nft add chain ip vigiltest stale; nft add table ip6 vigiltest");
    nft::NetfilterSocket socket;
    nft::Firewall fw{nft::FirewallSettings{.table = "vigiltest", .priority = -5}, socket, 1};
    const nft::VipEntry v4[] = {vip("192.0.2.101")};
    fw.add_vips(v4);
    const auto text = run("nft list ruleset");
    CHECK_FALSE(contains(text, "stale"));
    CHECK_FALSE(contains(text, "table ip6 vigiltest"));
    CHECK(contains(text, "type filter hook input priority filter - 5; policy accept;"));
    CHECK(contains(text, "ip daddr @vips drop"));
    REQUIRE(logged.size() == 2);
    CHECK(logged[0] == "Deleting old ip vigiltest table");
    CHECK(logged[1] == "Deleting old ip6 vigiltest table");

    // A table deleted by hand: the kernel refuses the next batch, which is logged.
    logged.clear();
    run("nft delete table ip vigiltest");
    const nft::VipEntry more[] = {vip("192.0.2.102")};
    fw.add_vips(more);
    REQUIRE(logged.size() == 1);
    CHECK(contains(logged[0], "nftables: adding VIP drop entries in table vigiltest failed - No such file or directory"));
    fw.stop();
    CHECK(ruleset().empty());
    log::set_sink(nullptr);
}
