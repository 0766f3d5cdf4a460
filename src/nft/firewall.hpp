#pragma once
// The VRRP child's firewall: keepalived 2.2.7's nftables behaviour for no-accept instances
// and VMACs (reference §2.1-2.3) over a Transport.
//
// Contract
//  - add_vips/remove_vips are idempotent per entry (keepalived keeps a per-address flag):
//    adding an installed entry or removing an absent one sends nothing.
//  - Tables appear with the first batch that needs them; just before, tables of the same
//    name left by an earlier run are deleted in that batch ("Deleting old ip%s %s table").
//  - A batch the kernel refuses changes nothing (nf_tables transactions are atomic), and
//    neither does the plan: the next change retries from the same state.
//  - stop() deletes both tables; it is safe to call more than once.

#include "nft/ruleset_plan.hpp"
#include "nft/transport.hpp"

#include <optional>
#include <span>
#include <vector>

namespace vigil::nft {

class Firewall {
public:
    Firewall(FirewallSettings settings, Transport& transport, std::uint32_t first_seq) noexcept
        : plan_(std::move(settings)), transport_(transport), seq_(first_seq) {}

    const FirewallSettings& settings() const noexcept { return plan_.settings(); }
    bool has_tables() const noexcept { return plan_.has_tables(); }

    void add_vips(std::span<const VipEntry> vips);
    void remove_vips(std::span<const VipEntry> vips);
    void add_vmac(const VmacEntry& vmac, const std::optional<VmacEntry>& old);
    void remove_vmac(const VmacEntry& vmac);
    void stop();

private:
    Leftovers probe();
    bool commit(RulesetPlan& next, Batch batch, std::string_view what);
    void report_deleted(const Leftovers& deleted) const;

    RulesetPlan plan_;
    Transport& transport_;
    std::uint32_t seq_;
    std::vector<VipEntry> vips_;
    std::vector<VmacEntry> vmacs_;
};

} // namespace vigil::nft
