#pragma once
// Engine addresses, model routes and rules -> the netlink specs daemon-io's AddressTable
// takes, with interface names resolved through the InterfaceCatalog at apply time (an
// interface may appear after start-up). Pure apart from the catalog lookup.

#include "config/model.hpp"
#include "vrrpd/engine_config.hpp"
#include "netlink/address_spec.hpp"
#include "netlink/interface_catalog.hpp"
#include "netlink/route_spec.hpp"
#include "netlink/rule_spec.hpp"
#include "vrrp/instance_config.hpp"

#include <optional>
#include <string>

namespace vigil::vrrpd {

// nullopt when the interface does not exist (now).
std::optional<netlink::AddressSpec> address_spec(const vrrp::VirtualAddress& address,
                                                 const AddressOptions& options,
                                                 const netlink::InterfaceCatalog& catalog);

std::optional<netlink::RouteSpec> route_spec(const config::Route& route,
                                             const netlink::InterfaceCatalog& catalog);
std::optional<netlink::RuleSpec> rule_spec(const config::Rule& rule);

// "192.0.2.100/24 dev eth0 scope global" (dumps) and "192.0.2.100" (GARP logs).
std::string address_text(const vrrp::VirtualAddress& address, const AddressOptions& options);

} // namespace vigil::vrrpd
