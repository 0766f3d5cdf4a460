#include "vrrpd/release_addresses.hpp"

#include "netlink/interface_catalog.hpp"
#include "netlink/netlink_address_table.hpp"
#include "netlink/netlink_link_control.hpp"
#include "util/log.hpp"
#include "vrrpd/engine_config.hpp"
#include "vrrpd/netlink_specs.hpp"
#include "vrrpd/vmac_holders.hpp"

#include <unistd.h>

#include <list>
#include <vector>

namespace vigil::vrrpd {

std::size_t release_configured_addresses(const config::Config& config, std::string_view why) noexcept {
    try {
        netlink::NetlinkAddressTable table;
        netlink::InterfaceCatalog catalog;
        std::vector<netlink::NetlinkEvent> events;
        if (const std::error_code ec = table.dump_interfaces(events)) {
            log::error("Netlink: unable to dump interfaces - {}", ec.message());
            return 0;
        }
        for (const netlink::NetlinkEvent& e : events) {
            catalog.apply(e);
        }
        const EngineConfig engine = engine_config_of(config, script::ScriptUser{::getuid(), ::getgid()});
        std::vector<netlink::TableChange> changes;
        // Per change: the instance and the address (nullptr for routes and rules).
        std::vector<std::pair<const vrrp::InstanceConfig*, const vrrp::VirtualAddress*>> origins;
        // VIPs moved onto a VMAC (stable addresses: `origins` points into it).
        std::list<vrrp::VirtualAddress> on_vmacs;
        std::optional<netlink::NetlinkLinkControl> links;
        const LinkLookup lookup = [&links](std::string_view name) -> std::optional<netlink::LinkDetails> {
            if (!links) {
                links.emplace();
            }
            return links->find(name);
        };
        for (std::size_t id = 0; id < engine.instances.size(); ++id) {
            const vrrp::InstanceConfig& instance = engine.instances[id];
            const config::VrrpInstance* model = engine.extras[id].model;
            // A use_vmac instance's child put the VIPs of its base interface on its VMAC.
            const std::vector<std::string> vmacs =
                model != nullptr ? vmac_holders(*model, instance, catalog, lookup) : std::vector<std::string>{};
            // Routes and rules first: a route may depend on a VIP.
            for (const vrrp::VirtualRule& rule : instance.rules) {
                const auto it = engine.rules.find(rule.spec);
                if (it != engine.rules.end()) {
                    if (auto spec = rule_spec(*it->second)) {
                        changes.push_back({netlink::ChangeKind::remove, std::move(*spec)});
                        origins.emplace_back(&instance, nullptr);
                    }
                }
            }
            for (const vrrp::VirtualRoute& route : instance.routes) {
                const auto it = engine.routes.find(route.spec);
                if (it != engine.routes.end()) {
                    if (auto spec = route_spec(*it->second, catalog)) {
                        changes.push_back({netlink::ChangeKind::remove, std::move(*spec)});
                        origins.emplace_back(&instance, nullptr);
                    }
                }
            }
            for (const auto* list : {&instance.vips, &instance.evips}) {
                for (const vrrp::VirtualAddress& v : *list) {
                    const auto opts = engine.address_options.find(v.attributes);
                    if (opts == engine.address_options.end()) {
                        continue;
                    }
                    if (auto spec = address_spec(v, opts->second, catalog)) {
                        changes.push_back({netlink::ChangeKind::remove, std::move(*spec)});
                        origins.emplace_back(&instance, &v);
                    }
                    if (v.interface != instance.interface) {
                        continue;
                    }
                    for (const std::string& vmac : vmacs) {
                        vrrp::VirtualAddress& moved = on_vmacs.emplace_back(v);
                        moved.interface = vmac;
                        if (auto spec = address_spec(moved, opts->second, catalog)) {
                            changes.push_back({netlink::ChangeKind::remove, std::move(*spec)});
                            origins.emplace_back(&instance, &moved);
                        }
                    }
                }
            }
        }
        std::vector<std::error_code> results(changes.size());
        table.apply(changes, results);
        std::size_t removed = 0;
        for (std::size_t i = 0; i < changes.size(); ++i) {
            const auto [instance, address] = origins[i];
            if (results[i] || address == nullptr) {
                continue; // not there (EADDRNOTAVAIL, ENODEV...) or a route/rule
            }
            ++removed;
            log::info("({}) released ip address {}/{} dev {} - {}", instance->name, address->address,
                      address->prefix_length, address->interface, why);
        }
        return removed;
    } catch (const std::exception& e) {
        log::error("Unable to release the VIPs - {}", e.what());
    } catch (...) {
        log::error("Unable to release the VIPs");
    }
    return 0;
}

} // namespace vigil::vrrpd
