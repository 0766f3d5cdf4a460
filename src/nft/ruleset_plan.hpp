#pragma once
// keepalived 2.2.7's nftables ruleset for no-accept instances and VMACs, as batches
// (reference keepalived-2.2.7-vrrp-parity.md §2.3). Pure: it remembers which tables, chains
// and sets exist and returns the transaction that makes a change; sending is the caller's.
//
// Shapes (table T, chain priority P):
//  - ip T: set vips (ipv4_addr); chains out (hook output, P) and in (hook input, P);
//    `ip saddr @vips drop` in out, `ip daddr @vips drop` in in.
//  - ip6 T: sets vips, neighbor-discovery {nd-neighbor-solicit, nd-neighbor-advert}
//    (constant), vips_link_local (ipv6_addr . iface_index) or vips_link_local_name
//    (ipv6_addr . ifname); chains in/out accept ND, send fe80::/10 to in_link_local /
//    out_link_local, drop @vips; the link-local chains drop `addr . iif/oif` matches.
//  - VMAC (RFC 5798 section 7.4 leaves IGMP/MLD from the virtual MAC unsaid; keepalived
//    moves them to the base interface): map vmac_map (iface_index : iface_index); `ip
//    protocol igmp meta oifkind "macvlan" dup to ip daddr device oif map @vmac_map drop`;
//    ip6 likewise for MLDv2 reports, plus set vmac_set and a drop of router solicitations
//    sent on a VMAC.
// Tables are created at the first change that needs them (keepalived: the first MASTER
// transition of a no-accept instance, or the first VMAC) and live until remove_tables().
// Before the first table is created, leftover tables of the same name are deleted in the
// same batch (keepalived: "Deleting old ip%s %s table").

#include "nft/batch.hpp"
#include "nft/rule_shapes.hpp"
#include "net/ip_address.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace vigil::nft {

struct FirewallSettings {
    std::string table{"keepalived"};  // global `nftables [TABLE]`
    std::int32_t priority{-1};        // `nftables_priority`
    bool counters{false};             // `nftables_counters`
    friend bool operator==(const FirewallSettings&, const FirewallSettings&) = default;
};

struct VipEntry {
    net::IpAddress address;
    std::uint32_t ifindex{0};  // the VIP's own interface (link-local IPv6 only)
    std::string ifname;
    LinkLocalKey key{LinkLocalKey::ifindex};
    friend bool operator==(const VipEntry&, const VipEntry&) = default;
};

// One VMAC in the IGMP/MLD rules of one or both families.
struct VmacEntry {
    std::uint32_t vmac_ifindex{0};
    std::uint32_t base_ifindex{0};
    bool ipv4{false};
    bool ipv6{false};
    friend bool operator==(const VmacEntry&, const VmacEntry&) = default;
};

// Tables of our name found before we created any (found with a GETTABLE probe).
struct Leftovers {
    bool ipv4{false};
    bool ipv6{false};
};

enum class LeftoverUse : std::uint8_t { deleted, none };

class RulesetPlan {
public:
    explicit RulesetPlan(FirewallSettings settings) : settings_(std::move(settings)) {}

    const FirewallSettings& settings() const noexcept { return settings_; }
    // True once a table of ours exists: no leftover probe is needed any more.
    bool has_tables() const noexcept { return ipv4_table_ || ipv6_table_; }
    bool has_table(TableFamily family) const noexcept {
        return family == TableFamily::ipv4 ? ipv4_table_ : ipv6_table_;
    }

    // Drop entries for VIPs (CREATE|EXCL, as keepalived): creates what they need first.
    // `deleted`, when given, is set to the leftover families deleted in this batch.
    Batch add_vips(std::uint32_t seq, std::span<const VipEntry> vips, Leftovers leftovers,
                   Leftovers* deleted = nullptr);
    Batch remove_vips(std::uint32_t seq, std::span<const VipEntry> vips);
    // Adds `vmac`, first removing `old` (a renamed VMAC) in the same batch.
    Batch add_vmac(std::uint32_t seq, const VmacEntry& vmac, const std::optional<VmacEntry>& old,
                   Leftovers leftovers, Leftovers* deleted = nullptr);
    Batch remove_vmac(std::uint32_t seq, const VmacEntry& vmac);
    // Deletes both tables (keepalived at stop); an empty batch when there are none.
    Batch remove_tables(std::uint32_t seq);

private:
    void setup_table(Batch& batch, TableFamily family, Leftovers leftovers, Leftovers* deleted);
    void setup_ipv4_vips(Batch& batch, Leftovers leftovers, Leftovers* deleted);
    void setup_ipv6_vips(Batch& batch, Leftovers leftovers, Leftovers* deleted);
    void setup_link_local(Batch& batch, LinkLocalKey key);
    void setup_igmp(Batch& batch, TableFamily family, Leftovers leftovers, Leftovers* deleted);
    void vmac_elements(Batch& batch, ElementOp op, const VmacEntry& vmac, Leftovers leftovers, Leftovers* deleted);
    std::uint32_t next_set_id() noexcept { return ++set_id_; }

    FirewallSettings settings_;
    bool ipv4_table_{false};
    bool ipv4_vips_{false};
    bool ipv6_table_{false};
    bool ipv6_vips_{false};
    bool ll_ifindex_{false};
    bool ll_ifname_{false};
    bool ipv4_igmp_{false};
    bool ipv6_igmp_{false};
    // Process-wide NFTA_SET_ID counter (keepalived never resets its own).
    std::uint32_t set_id_{0};
    // Set ids of vmac_map/vmac_set created in the batch being built (elements name them).
    std::optional<std::uint32_t> new_map_id_;
    std::optional<std::uint32_t> new_vmac_set_id_;
};

} // namespace vigil::nft
