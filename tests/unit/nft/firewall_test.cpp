// The firewall coordinator (src/nft/firewall) over a fake transport: idempotence, leftover
// tables, refused batches.
#include "nft/firewall.hpp"

#include <doctest/doctest.h>
#include <vector>

using namespace vigil::nft;
using vigil::net::IpAddress;

namespace {

class FakeTransport final : public Transport {
public:
    SendResult send(const Batch& batch) noexcept override {
        sent.push_back(batch.ack_seqs().size());
        SendResult result;
        if (refuse) {
            result.error = std::make_error_code(std::errc::invalid_argument);
            result.failed_seq = batch.ack_seqs().front();
        }
        return result;
    }
    bool table_exists(TableFamily family, std::string_view) noexcept override {
        ++probes;
        return family == TableFamily::ipv4 ? leftover_ipv4 : false;
    }

    std::vector<std::size_t> sent;  // messages per batch
    int probes{0};
    bool refuse{false};
    bool leftover_ipv4{false};
};

VipEntry vip(const char* text) {
    return VipEntry{*IpAddress::parse(text), 0, {}, LinkLocalKey::ifindex};
}

} // namespace

TEST_CASE("VIP entries are added and removed once each") {
    FakeTransport t;
    Firewall fw{FirewallSettings{}, t, 1};
    const VipEntry vips[] = {vip("192.0.2.1"), vip("192.0.2.2")};
    fw.add_vips(vips);
    REQUIRE(t.sent.size() == 1);
    CHECK(t.probes == 2);  // both families probed before the first table
    fw.add_vips(vips);
    CHECK(t.sent.size() == 1);  // nothing new
    const VipEntry more[] = {vip("192.0.2.2"), vip("192.0.2.3")};
    fw.add_vips(more);
    REQUIRE(t.sent.size() == 2);
    CHECK(t.sent[1] == 1);  // one element message, no setup
    CHECK(t.probes == 2);   // tables exist: no more probes
    fw.remove_vips(vips);
    fw.remove_vips(vips);
    CHECK(t.sent.size() == 3);
    fw.stop();
    CHECK(t.sent.size() == 4);
    CHECK(t.sent[3] == 1);  // DELTABLE ip only
    CHECK_FALSE(fw.has_tables());
    fw.stop();
    CHECK(t.sent.size() == 4);  // nothing left to delete
}

TEST_CASE("a refused batch leaves the plan as it was, and the next change retries") {
    FakeTransport t;
    Firewall fw{FirewallSettings{}, t, 1};
    const VipEntry vips[] = {vip("2001:db8::1")};
    t.refuse = true;
    fw.add_vips(vips);
    CHECK_FALSE(fw.has_tables());
    t.refuse = false;
    fw.add_vips(vips);
    REQUIRE(t.sent.size() == 2);
    CHECK(t.sent[0] == t.sent[1]);  // the same full setup again
    CHECK(fw.has_tables());
}

TEST_CASE("VMAC entries: a renamed VMAC swaps its entry in one batch") {
    FakeTransport t;
    t.leftover_ipv4 = true;
    Firewall fw{FirewallSettings{}, t, 1};
    const VmacEntry a{.vmac_ifindex = 4, .base_ifindex = 3, .ipv4 = true};
    const VmacEntry b{.vmac_ifindex = 7, .base_ifindex = 3, .ipv4 = true};
    fw.add_vmac(a, std::nullopt);
    REQUIRE(t.sent.size() == 1);
    // DELTABLE (leftover), NEWTABLE, chain out, map, rule, element.
    CHECK(t.sent[0] == 6);
    fw.add_vmac(a, std::nullopt);
    CHECK(t.sent.size() == 1);
    fw.add_vmac(b, a);
    REQUIRE(t.sent.size() == 2);
    CHECK(t.sent[1] == 2);  // DELSETELEM a, NEWSETELEM b
    fw.remove_vmac(a);
    CHECK(t.sent.size() == 2);
    fw.remove_vmac(b);
    CHECK(t.sent.size() == 3);
}
