#pragma once
// Virtual MAC interfaces (keepalived's use_vmac, reference §1): creation or adoption, the
// per-interface settings keepalived makes, the firewall entries for IGMP/MLD, removal, and
// restoring what was changed at stop. Over LinkControl, AddressTable and nft::Firewall, so
// tests run it against fakes.
//
// Sequence of bring_up (keepalived's netlink_link_add_vmac):
//  1. find NAME: absent -> create (private macvlan on the base, virtual MAC); a macvlan on
//     another base -> delete and create; wrong MAC/mode -> update in place; right -> adopt;
//     anything else of that name -> refuse ("VMAC %s conflicts with existing interface").
//  2. IPv4 and created by us: rp_filter push-down (once per process), then on the VMAC
//     arp_ignore=1 accept_local=1 rp_filter=0 promote_secondaries=1 and on the base
//     arp_ignore=1 arp_filter=1 (unless both already 1; counted per base).
//  3. firewall IGMP/MLD entries (not for IPv4 with disable_local_igmp);
//  4. ipv6 disable_ipv6 = 1 for IPv4 instances without IPv6 excluded addresses, else 0;
//  5. addrgenmode none, then up (separately: together an EUI-64 address appears);
//  6. IPv6 without vmac_xmit_base: the link-local address (/64, nodad, preferred 0).
// Divergence from keepalived 2.2.7 (vigil(7)): the base interface's arp_ignore/arp_filter
// are restored to the values read before our first write when its last VMAC goes; keepalived
// "restores" values it re-read after writing them and leaves both at 1.

#include "netlink/address_table.hpp"
#include "netlink/link_control.hpp"
#include "nft/firewall.hpp"
#include "net/ip_address.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vigil::vmac {

enum class XmitBase : std::uint8_t { off, on };
enum class OtherFamily : std::uint8_t { absent, present };  // excluded VIPs of the other family

struct VmacRequest {
    std::string instance;  // for log lines "(NAME) ..."
    std::string name;      // the VMAC's interface name
    int base_index{0};
    std::string base_name;
    netlink::MacBytes mac{};
    net::Family family{net::Family::ipv4};
    OtherFamily other_family{OtherFamily::absent};
    XmitBase xmit_base{XmitBase::off};
    // IPv6: the address to give the VMAC (unicast_src_ip, else the base's link-local
    // address, else eui64_link_local of the base MAC): the caller's choice.
    std::optional<net::IpAddress> link_local;
};

struct VmacSettings {
    bool disable_local_igmp{false};
};

enum class Outcome : std::uint8_t { created, updated, adopted, failed };

class VmacManager {
public:
    VmacManager(netlink::LinkControl& links, netlink::AddressTable& addresses, nft::Firewall* firewall,
                VmacSettings settings) noexcept
        : links_(links), addresses_(addresses), firewall_(firewall), settings_(settings) {}

    // Creates or adopts the VMAC; its interface index is then index_of(name).
    Outcome bring_up(const VmacRequest& request);
    // Deletes a VMAC we brought up (firewall entry, base settings, link).
    void tear_down(std::string_view name);
    // The VMAC was deleted by someone else: forget its index and firewall entry (the caller
    // brings it up again, as keepalived recreates it).
    void lost(std::string_view name);
    // The kernel drops IPv6 addresses when a link goes down: an IPv6 VMAC that is up again
    // gets its link-local address back (keepalived: "Assigned address ... for interface").
    void restore_link_local(std::string_view name);
    // At stop: restores rp_filter (keepalived's NOTICE lines), then tears every VMAC down.
    void stop();

    std::optional<int> index_of(std::string_view name) const noexcept;
    // The VMACs counted on base interface `base_index` when we changed its arp_ignore/
    // arp_filter (0 when they were already 1 or no VMAC uses it).
    unsigned arp_config_users(int base_index) const noexcept {
        const auto it = bases_.find(base_index);
        return it != bases_.end() && it->second.arp_ignore ? it->second.users : 0;
    }

private:
    struct Vmac {
        VmacRequest request;
        int index{0};
        bool base_counted{false};  // counted among the base's users (its arp settings)
        std::optional<nft::VmacEntry> firewall_entry;
    };
    struct BaseSettings {
        unsigned users{0};
        std::optional<std::uint32_t> arp_ignore;  // before our first write; unset = untouched
        std::optional<std::uint32_t> arp_filter;
    };

    Outcome create_or_adopt(const VmacRequest& request, int& index);
    void set_ipv4_settings(Vmac& vmac);
    void reset_base_settings(const Vmac& vmac);
    void clear_rp_filter();
    void restore_rp_filter();
    void add_firewall_entry(Vmac& vmac);
    std::error_code add_link_local(const Vmac& vmac);

    netlink::LinkControl& links_;
    netlink::AddressTable& addresses_;
    nft::Firewall* firewall_;
    VmacSettings settings_;
    std::map<std::string, Vmac, std::less<>> vmacs_;
    std::map<int, BaseSettings> bases_;
    // rp_filter push-down (keepalived's clear_rp_filter): the original all/default values
    // and the interfaces we raised, restored at stop if still as we left them.
    bool rp_filter_done_{false};
    std::optional<std::uint32_t> all_rp_filter_;
    std::optional<std::uint32_t> default_rp_filter_;
    struct Raised {
        int index;
        std::string name;
        std::uint32_t original;
    };
    std::vector<Raised> raised_rp_filter_;
};

} // namespace vigil::vmac
