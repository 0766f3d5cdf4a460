#pragma once
// Where a use_vmac instance's VIPs may sit once its VRRP child is gone (the parent's release
// after an unclean death, `--release-vips-and-exit`). The child moves the VIPs configured on
// the base interface onto the instance's VMAC (VmacLinks::assign): `use_vmac NAME`, else a
// private macvlan on the base with the instance's virtual MAC (a previous run's), else
// PREFIX.VRID, which it creates with that MAC. Since the child that chose the name is dead,
// the parent looks among the links that exist: the named one, and every macvlan on the base
// whose MAC is the instance's virtual MAC (RFC 5798 section 7.3, or `use_vmac MAC`).
//
// Contract: pure over its arguments; returns the names of existing links other than the
// base, without duplicates, in the catalog's order (the named one first). Empty for an
// instance without use_vmac or whose base is absent.

#include "config/model.hpp"
#include "netlink/interface_catalog.hpp"
#include "netlink/link_control.hpp"
#include "vrrp/instance_config.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::vrrpd {

// A link's kind and lower device by name (NetlinkLinkControl::find in the daemon).
using LinkLookup = std::function<std::optional<netlink::LinkDetails>(std::string_view)>;

std::vector<std::string> vmac_holders(const config::VrrpInstance& model, const vrrp::InstanceConfig& instance,
                                      const netlink::InterfaceCatalog& catalog, const LinkLookup& lookup);

} // namespace vigil::vrrpd
