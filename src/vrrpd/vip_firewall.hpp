#pragma once
// The VRRP child's use of the nftables firewall (src/nft): which instances need it, the
// entries of an instance's addresses, and keepalived's start-up line. Created only when the
// configuration needs a firewall (a no-accept non-owner or a VMAC), so that other
// configurations never open a NETLINK_NETFILTER socket.

#include "config/model.hpp"
#include "vrrpd/engine_config.hpp"
#include "netlink/interface_catalog.hpp"
#include "nft/firewall.hpp"
#include "nft/netfilter_socket.hpp"
#include "vrrp/actions.hpp"

#include <memory>

namespace vigil::vrrpd {

class VipFirewall {
public:
    // nullptr when neither a no-accept non-owner nor (vmacs_used) a VMAC needs it. Logs
    // keepalived's "use_vmac or no_accept/strict specified, but no firewall configured -
    // using nftables" when neither `nftables` nor `vrrp_iptables` (which the Debian build
    // turns into nftables) is configured.
    static std::unique_ptr<VipFirewall> create_if_needed(const config::GlobalDefs& global, const EngineConfig& engine,
                                                         bool vmacs_used);

    explicit VipFirewall(nft::FirewallSettings settings);

    // The drop entries of `set` (VIPs and eVIPs) for a no-accept non-owner `instance`.
    void add(const vrrp::InstanceConfig& instance, const vrrp::AddressSet& set, const netlink::InterfaceCatalog& catalog);
    void remove(const vrrp::InstanceConfig& instance, const vrrp::AddressSet& set,
                const netlink::InterfaceCatalog& catalog);
    nft::Firewall& firewall() noexcept { return firewall_; }
    // At stop: both tables go.
    void stop() { firewall_.stop(); }

private:
    std::vector<nft::VipEntry> entries(const vrrp::InstanceConfig& instance, const vrrp::AddressSet& set,
                                       const netlink::InterfaceCatalog& catalog) const;

    bool key_by_index_;  // nftables_ifindex
    nft::NetfilterSocket socket_;
    nft::Firewall firewall_;
};

} // namespace vigil::vrrpd
