// Address, route and rule changes: an engine batch's AddAddresses/RemoveAddresses queued
// as netlink changes and applied in one pipelined exchange, failures logged as keepalived does.
#include "vrrpd/vrrp_child.hpp"

#include "util/log.hpp"
#include "vrrpd/netlink_specs.hpp"

#include <malloc.h>

namespace vigil::vrrpd {

void VrrpChild::change_addresses(InstanceId id, const vrrp::AddressSet& set, netlink::ChangeKind kind,
                                 const Context& context) noexcept {
    if (kind == netlink::ChangeKind::remove && stopping_ && settings_.dont_release_vrrp) {
        return;
    }
    static const std::string unnamed;
    const vrrp::InstanceConfig* instance = context.instance(id);
    const std::string& name = instance != nullptr ? instance->name : unnamed;
    try {
        for (const auto* list : {&set.vips, &set.evips}) {
            for (const vrrp::VirtualAddress& v : *list) {
                auto opts = context.engine->address_options.find(v.attributes);
                if (opts == context.engine->address_options.end()) {
                    continue;
                }
                std::optional<netlink::AddressSpec> spec = address_spec(v, opts->second, catalog_);
                if (!spec) {
                    log::info("({}) interface {} for ip address {} doesn't exist", name, v.interface, v.address);
                    continue;
                }
                table_changes_.push_back({kind, std::move(*spec)});
                table_change_origins_.push_back({&name, &v});
            }
        }
        for (const vrrp::VirtualRoute& route : set.routes) {
            auto it = context.engine->routes.find(route.spec);
            if (it == context.engine->routes.end()) {
                continue;
            }
            if (auto spec = route_spec(*it->second, catalog_)) {
                table_changes_.push_back({kind, std::move(*spec)});
                table_change_origins_.push_back({&name, nullptr});
            }
        }
        for (const vrrp::VirtualRule& rule : set.rules) {
            auto it = context.engine->rules.find(rule.spec);
            if (it == context.engine->rules.end()) {
                continue;
            }
            if (auto spec = rule_spec(*it->second)) {
                table_changes_.push_back({kind, std::move(*spec)});
                table_change_origins_.push_back({&name, nullptr});
            }
        }
    } catch (...) {
        // Out of memory queueing: what was queued is still applied.
    }
}

void VrrpChild::filter_addresses(InstanceId id, const vrrp::AddressSet& set, netlink::ChangeKind kind,
                                 const Context& context) noexcept {
    if (!firewall_ || (kind == netlink::ChangeKind::remove && stopping_ && settings_.dont_release_vrrp)) {
        return;
    }
    const vrrp::InstanceConfig* instance = context.instance(id);
    if (instance == nullptr) {
        return;
    }
    const vrrp::InstanceConfig& c = *instance;
    if (!vrrp::drops_vip_traffic(c)) {
        return;
    }
    try {
        if (kind == netlink::ChangeKind::add) {
            firewall_->add(c, set, catalog_);
        } else {
            firewall_->remove(c, set, catalog_);
        }
    } catch (...) {
        // Out of memory building a batch: the entries are missing, the addresses are not.
    }
}

void VrrpChild::apply_table_changes() noexcept {
    if (table_changes_.empty()) {
        return;
    }
    try {
        table_results_.assign(table_changes_.size(), std::error_code{});
        table_->apply(table_changes_, table_results_);
        for (std::size_t i = 0; i < table_changes_.size(); ++i) {
            const std::error_code ec = table_results_[i];
            const TableChangeOrigin& origin = table_change_origins_[i];
            // Routes and rules report nothing, as keepalived (they may already be present).
            // An address on an interface that is gone went with it (a VMAC deleted by hand).
            if (!ec || origin.address == nullptr || ec == std::errc::file_exists ||
                ec == std::errc::address_not_available || ec == std::errc::no_such_device) {
                continue;
            }
            const bool add = table_changes_[i].kind == netlink::ChangeKind::add;
            log::info("({}) cannot {} ip address {}/{} on {} - {}", *origin.instance, add ? "add" : "delete",
                      origin.address->address, origin.address->prefix_length, origin.address->interface,
                      ec.message());
        }
    } catch (...) {
    }
    const bool large = table_changes_.size() >= 64;
    table_changes_.clear();
    table_change_origins_.clear();
    if (large) {
        // After a large batch (a mass takeover): its buffers, and the requests libnl built
        // for it (4 KiB each, freed amid live blocks), go back to the system (issue 4).
        std::vector<netlink::TableChange>().swap(table_changes_);
        std::vector<TableChangeOrigin>().swap(table_change_origins_);
        std::vector<std::error_code>().swap(table_results_);
        ::malloc_trim(0);
    }
}

} // namespace vigil::vrrpd
