#pragma once
// The VRRP child's virtual MAC interfaces (use_vmac) and ipvlans (use_ipvlan): which
// instances have one and its name, the engine configuration rewritten onto it, and the links
// kept in place over their lifetime (src/vmac). Created only when some instance uses one.
//
// An instance with use_vmac runs on its VMAC: adverts are sent and received there (unless
// vmac_xmit_base: then on the base interface), VIPs without `dev` go there, and its own
// interface tracking follows the VMAC (which goes down with the base). Its advert source
// stays the base interface's address (keepalived: the VMAC has no IPv4 address).
//
// An instance with use_ipvlan runs on its ipvlan too (adverts leave with the base's MAC,
// which the ipvlan shares), but its VIPs stay on the configured interface (keepalived 2.2.7,
// observed) and its advert source is the ipvlan's own: the use_ipvlan address (IPv4; without
// one keepalived faults the instance), else the link-local address the kernel gives the
// ipvlan (IPv6).

#include "config/model.hpp"
#include "vrrpd/engine_config.hpp"
#include "netlink/address_table.hpp"
#include "netlink/interface_catalog.hpp"
#include "netlink/netlink_link_control.hpp"
#include "nft/firewall.hpp"
#include "vmac/ipvlan_manager.hpp"
#include "vmac/vmac_manager.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vigil::vrrpd {

class VmacLinks {
public:
    // Some instance uses a VMAC or an ipvlan.
    static bool used_by(const config::Config& model);
    // Some instance uses a VMAC (which brings keepalived's nftables table; an ipvlan does not).
    static bool vmac_used_by(const config::Config& model);

    VmacLinks(netlink::AddressTable& addresses, const config::GlobalDefs& global);

    // Names every instance's VMAC (use_vmac NAME; else an existing private macvlan on the
    // base with the instance's MAC, "(X) Found matching interface N"; else PREFIX.VRID
    // and keepalived's fallbacks) and rewrites `engine` onto them.
    void assign(EngineConfig& engine, const netlink::InterfaceCatalog& catalog);
    // After a reload's assign(): deletes the VMACs no instance uses any more (once their old
    // instances have released their addresses).
    void retire();
    // Creates or adopts every assigned VMAC. The catalog must be re-read afterwards.
    void bring_up_all(const netlink::InterfaceCatalog& catalog, nft::Firewall* firewall);
    // A VMAC deleted by someone else: created again (keepalived recreates it at once).
    // False when `name` is none of ours or creation failed.
    bool recreate(std::string_view name, const netlink::InterfaceCatalog& catalog, nft::Firewall* firewall);
    bool is_ours(std::string_view name) const noexcept;
    bool is_ipvlan(std::string_view name) const noexcept;
    // A link retire() deleted, until the monitor reports it gone (keepalived logs
    // "Interface N deleted" for it, and not its going down). forget_retired() when gone.
    bool retiring(std::string_view name) const noexcept;
    void forget_retired(std::string_view name);
    // An IPv6 VMAC up again: its link-local address back (the kernel dropped it when down).
    void link_up(std::string_view name);
    // The base interface of a VMAC (where the advert source address lives); nullopt for an
    // ipvlan (it has addresses of its own).
    std::optional<std::string> base_of(std::string_view name) const;
    // The VMACs on base interface `base_index` while we hold its arp settings changed
    // (keepalived's reset_arp_config, shown by the data dump).
    unsigned arp_config_users(int base_index) const noexcept {
        return manager_ ? manager_->arp_config_users(base_index) : 0;
    }
    // At stop: rp_filter restored, VMACs deleted, the base interfaces' settings restored.
    void stop();

private:
    enum class Kind : std::uint8_t { vmac, ipvlan };
    struct Assigned {
        Kind kind{Kind::vmac};
        std::string instance;
        std::string vmac;
        std::string base;
        netlink::MacBytes mac{};
        net::Family family{net::Family::ipv4};
        vmac::OtherFamily other_family{vmac::OtherFamily::absent};
        vmac::XmitBase xmit_base{vmac::XmitBase::off};
        std::optional<net::IpAddress> source;  // unicast_src_ip (IPv6 link-local choice)
        netlink::IpvlanFlags ipvlan_flags{netlink::IpvlanFlags::bridge};
        std::optional<net::IpPrefix> ipvlan_address;
    };
    std::optional<vmac::VmacRequest> request_of(const Assigned& a, const netlink::InterfaceCatalog& catalog) const;
    vmac::VmacManager& manager(nft::Firewall* firewall);
    vmac::IpvlanManager& ipvlans();
    // use_ipvlan: the ipvlan's name (keepalived's matching, else PREFIX.VRID) and the engine
    // rewritten onto it.
    void assign_ipvlan(const config::VrrpInstance& m, vrrp::InstanceConfig& c, const netlink::InterfaceCatalog& catalog,
                       std::vector<Assigned>& next);
    bool bring_up(const Assigned& a, const netlink::InterfaceCatalog& catalog, nft::Firewall* firewall);
    // use_vmac_addr and a VIP's own use_vmac: the VMACs of addresses off the instance's
    // interface or family, appended to `next`; the addresses moved onto them.
    void assign_address_vmacs(EngineConfig& engine, const netlink::InterfaceCatalog& catalog,
                              std::vector<Assigned>& next);

    netlink::AddressTable& addresses_;
    std::string prefix_;
    std::string addr_prefix_; // vmac_addr_prefix, else vmac_prefix
    vmac::VmacSettings settings_;
    netlink::NetlinkLinkControl links_;
    std::unique_ptr<vmac::VmacManager> manager_;
    std::unique_ptr<vmac::IpvlanManager> ipvlans_;
    std::vector<Assigned> assigned_;
    std::vector<std::string> retired_;  // VMACs of the previous configuration only
    std::vector<std::string> retiring_; // deleted by retire(), not yet reported gone
};

} // namespace vigil::vrrpd
