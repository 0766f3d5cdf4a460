#include "nft/firewall.hpp"

#include "util/log.hpp"

#include <algorithm>

namespace vigil::nft {

namespace {

template <typename T>
bool contains(const std::vector<T>& items, const T& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

} // namespace

Leftovers Firewall::probe() {
    if (plan_.has_tables()) {
        return {};
    }
    const auto& table = plan_.settings().table;
    return Leftovers{.ipv4 = transport_.table_exists(TableFamily::ipv4, table),
                     .ipv6 = transport_.table_exists(TableFamily::ipv6, table)};
}

void Firewall::report_deleted(const Leftovers& deleted) const {
    if (deleted.ipv4) {
        log::info("Deleting old ip {} table", plan_.settings().table);
    }
    if (deleted.ipv6) {
        log::info("Deleting old ip6 {} table", plan_.settings().table);
    }
}

bool Firewall::commit(RulesetPlan& next, Batch batch, std::string_view what) {
    seq_ = batch.next_seq();
    if (batch.empty()) {
        plan_ = std::move(next);
        return true;
    }
    const auto result = transport_.send(batch);
    if (!result) {
        log::error("nftables: {} in table {} failed - {}", what, plan_.settings().table, result.error.message());
        return false;
    }
    plan_ = std::move(next);
    return true;
}

void Firewall::add_vips(std::span<const VipEntry> vips) {
    std::vector<VipEntry> fresh;
    for (const auto& vip : vips) {
        if (!contains(vips_, vip) && !contains(fresh, vip)) {
            fresh.push_back(vip);
        }
    }
    if (fresh.empty()) {
        return;
    }
    const auto leftovers = probe();
    auto next = plan_;
    Leftovers deleted;
    if (commit(next, next.add_vips(seq_, fresh, leftovers, &deleted), "adding VIP drop entries")) {
        report_deleted(deleted);
        vips_.insert(vips_.end(), fresh.begin(), fresh.end());
    }
}

void Firewall::remove_vips(std::span<const VipEntry> vips) {
    std::vector<VipEntry> present;
    for (const auto& vip : vips) {
        if (contains(vips_, vip) && !contains(present, vip)) {
            present.push_back(vip);
        }
    }
    if (present.empty()) {
        return;
    }
    auto next = plan_;
    if (commit(next, next.remove_vips(seq_, present), "removing VIP drop entries")) {
        std::erase_if(vips_, [&](const VipEntry& v) { return contains(present, v); });
    }
}

void Firewall::add_vmac(const VmacEntry& vmac, const std::optional<VmacEntry>& old) {
    std::optional<VmacEntry> replaced;
    if (old && contains(vmacs_, *old)) {
        replaced = old;
    }
    if (contains(vmacs_, vmac) && !replaced) {
        return;
    }
    const auto leftovers = probe();
    auto next = plan_;
    Leftovers deleted;
    if (commit(next, next.add_vmac(seq_, vmac, replaced, leftovers, &deleted), "adding VMAC entries")) {
        report_deleted(deleted);
        if (replaced) {
            std::erase(vmacs_, *replaced);
        }
        if (!contains(vmacs_, vmac)) {
            vmacs_.push_back(vmac);
        }
    }
}

void Firewall::remove_vmac(const VmacEntry& vmac) {
    if (!contains(vmacs_, vmac)) {
        return;
    }
    auto next = plan_;
    if (commit(next, next.remove_vmac(seq_, vmac), "removing VMAC entries")) {
        std::erase(vmacs_, vmac);
    }
}

void Firewall::stop() {
    auto next = plan_;
    // Whatever the kernel says, our view is "no tables": a failed delete leaves nothing we
    // could do better on a second try at exit.
    commit(next, next.remove_tables(seq_), "deleting tables");
    plan_ = std::move(next);
    vips_.clear();
    vmacs_.clear();
}

} // namespace vigil::nft
