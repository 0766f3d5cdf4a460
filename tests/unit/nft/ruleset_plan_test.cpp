// The batches of src/nft/ruleset_plan compared message by message, byte for byte, with the
// ones keepalived 2.2.7 sent in the same situations (tests/data/nft/*.batches, captured by
// tests/data/nft/capture-batches; sequence numbers zeroed).
#include "nft/ruleset_plan.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace vigil::nft;
using vigil::net::IpAddress;

namespace {

// One batch as "NAME hex" lines, sequence numbers zeroed.
using Messages = std::vector<std::string>;

std::vector<Messages> load(const std::string& name) {
    std::ifstream in{std::string{VIGIL_TEST_DATA} + "/nft/" + name};
    REQUIRE(in);
    std::vector<Messages> batches(1);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            batches.emplace_back();
        } else {
            batches.back().push_back(line.substr(line.find(' ') + 1));
        }
    }
    while (!batches.empty() && batches.back().empty()) {
        batches.pop_back();
    }
    return batches;
}

Messages split(const Batch& batch) {
    static const char digits[] = "0123456789abcdef";
    auto bytes = batch.bytes();
    Messages out;
    std::size_t offset = 0;
    while (offset + 16 <= bytes.size()) {
        const auto len = std::to_integer<std::size_t>(bytes[offset]) | (std::to_integer<std::size_t>(bytes[offset + 1]) << 8);
        std::string text;
        for (std::size_t i = offset; i < offset + len; ++i) {
            const auto b = (i >= offset + 8 && i < offset + 12) ? 0U : std::to_integer<unsigned>(bytes[i]);
            text += digits[b >> 4];
            text += digits[b & 15];
        }
        out.push_back(text);
        offset += (len + 3) & ~std::size_t{3};
    }
    return out;
}

void check_same(const Batch& ours, const Messages& theirs) {
    const auto mine = split(ours);
    REQUIRE(mine.size() == theirs.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
        INFO("message ", i);
        CHECK(mine[i] == theirs[i]);
    }
}

VipEntry vip(const char* text, std::uint32_t ifindex = 0) {
    return VipEntry{*IpAddress::parse(text), ifindex, "eth0", LinkLocalKey::ifindex};
}

} // namespace

TEST_CASE("vrrp_strict: the batches of keepalived's first MASTER transitions and stop") {
    // keepalived: instances V4 {192.0.2.101, 192.0.2.102} and V6 {fe80::62, 2001:db8::101}
    // on eth0 (ifindex 3), vrrp_strict, nftables_counters.
    const auto expected = load("keepalived-strict.batches");
    REQUIRE(expected.size() == 5);
    RulesetPlan plan{FirewallSettings{.table = "keepalived", .priority = -1, .counters = true}};
    const VipEntry v4[] = {vip("192.0.2.101"), vip("192.0.2.102")};
    const VipEntry v6[] = {vip("fe80::62", 3), vip("2001:db8::101")};
    CHECK_FALSE(plan.has_tables());
    check_same(plan.add_vips(1, v4, {}), expected[0]);
    CHECK(plan.has_tables());
    check_same(plan.add_vips(1, v6, {}), expected[1]);
    check_same(plan.remove_vips(1, v4), expected[2]);
    check_same(plan.remove_vips(1, v6), expected[3]);
    check_same(plan.remove_tables(1), expected[4]);
    CHECK_FALSE(plan.has_tables());
}

TEST_CASE("use_vmac: the batches of keepalived's VMAC creation and stop") {
    // keepalived: V4 with use_vmac (vrrp.51, ifindex 4) and V6 with use_vmac (vrrp.52,
    // ifindex 5) on eth0 (ifindex 3), nftables_counters.
    const auto expected = load("keepalived-vmac.batches");
    REQUIRE(expected.size() == 5);
    RulesetPlan plan{FirewallSettings{.counters = true}};
    const VmacEntry v4{.vmac_ifindex = 4, .base_ifindex = 3, .ipv4 = true};
    const VmacEntry v6{.vmac_ifindex = 5, .base_ifindex = 3, .ipv6 = true};
    check_same(plan.add_vmac(1, v4, std::nullopt, {}), expected[0]);
    check_same(plan.add_vmac(1, v6, std::nullopt, {}), expected[1]);
    check_same(plan.remove_vmac(1, v4), expected[2]);
    check_same(plan.remove_vmac(1, v6), expected[3]);
    check_same(plan.remove_tables(1), expected[4]);
}

TEST_CASE("leftover tables are deleted in the batch that creates the first table") {
    RulesetPlan plan{FirewallSettings{.table = "vigiltest"}};
    const VipEntry v4[] = {vip("192.0.2.101")};
    Leftovers deleted;
    const auto batch = plan.add_vips(1, v4, Leftovers{.ipv4 = true, .ipv6 = true}, &deleted);
    const auto messages = split(batch);
    REQUIRE(messages.size() >= 4);
    // BEGIN, DELTABLE ip, DELTABLE ip6, NEWTABLE ip ...
    CHECK(messages[1].substr(8, 4) == "020a");
    CHECK(messages[2].substr(8, 4) == "020a");
    CHECK(messages[1].substr(32, 2) == "02");
    CHECK(messages[2].substr(32, 2) == "0a");
    CHECK(messages[3].substr(8, 4) == "000a");
    CHECK(deleted.ipv4);
    CHECK(deleted.ipv6);
    // Later batches never probe again.
    const VipEntry v6[] = {vip("2001:db8::1")};
    Leftovers again;
    const auto second = split(plan.add_vips(1, v6, Leftovers{.ipv4 = true, .ipv6 = true}, &again));
    CHECK(second[1].substr(8, 4) == "000a");
    CHECK_FALSE(again.ipv4);
}

TEST_CASE("dont_track_primary link-local VIPs key by interface name") {
    RulesetPlan plan{FirewallSettings{}};
    const VipEntry ll[] = {VipEntry{*IpAddress::parse("fe80::1"), 3, "eth0", LinkLocalKey::ifname}};
    const auto messages = split(plan.add_vips(1, ll, {}));
    // The last element message carries fe80::1 then "eth0" padded to IFNAMSIZ.
    const auto& last = messages[messages.size() - 2];
    CHECK(last.find("766970735f6c696e6b5f6c6f63616c5f6e616d65") != std::string::npos);  // vips_link_local_name
    CHECK(last.find("fe80000000000000000000000000000165746830000000000000000000000000") != std::string::npos);
}
