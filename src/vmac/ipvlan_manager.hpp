#pragma once
// ipvlan interfaces (keepalived's use_ipvlan, reference section 1.6): creation or reuse, the
// interface address, removal. Over LinkControl and AddressTable, so tests run it on fakes.
//
// An ipvlan has no MAC of its own (it shares its lower device's): keepalived uses it for the
// adverts' source address only, and the VIPs stay on the configured interface (observed).
// Sequence of bring_up (keepalived's netlink_link_add_ipvlan):
//  1. NAME exists: reused as it is (brought up if down); else an L2 ipvlan with the
//     configured flags, created up in one request;
//  2. ipv6 disable_ipv6 = 1 for IPv4 instances without IPv6 excluded addresses, else 0
//     (no other sysctl, no addrgenmode change: the kernel gives an IPv6 ipvlan its
//     link-local address, which becomes the advert source);
//  3. the configured address (use_ipvlan IP/len) on it.

#include "netlink/address_table.hpp"
#include "netlink/link_control.hpp"
#include "net/ip_address.hpp"
#include "vmac/vmac_manager.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::vmac {

struct IpvlanRequest {
    std::string instance;  // for log lines "(NAME) ..."
    std::string name;      // the ipvlan's interface name
    int base_index{0};
    netlink::IpvlanFlags flags{netlink::IpvlanFlags::bridge};
    net::Family family{net::Family::ipv4};
    OtherFamily other_family{OtherFamily::absent};
    std::optional<net::IpPrefix> address;
};

class IpvlanManager {
public:
    IpvlanManager(netlink::LinkControl& links, netlink::AddressTable& addresses) noexcept
        : links_(links), addresses_(addresses) {}

    // Creates or reuses the ipvlan (Outcome::created, adopted or failed).
    Outcome bring_up(const IpvlanRequest& request);
    // Deletes an ipvlan we brought up ("(X) Success removing VMAC interface N", keepalived's
    // shared wording, with --log-detail).
    void tear_down(std::string_view name);
    // Deleted by someone else: forgotten until brought up again.
    void lost(std::string_view name);
    // At stop: every ipvlan deleted.
    void stop();

    std::optional<int> index_of(std::string_view name) const noexcept;

private:
    struct Ipvlan {
        IpvlanRequest request;
        int index{0};
    };

    netlink::LinkControl& links_;
    netlink::AddressTable& addresses_;
    std::map<std::string, Ipvlan, std::less<>> ipvlans_;
};

} // namespace vigil::vmac
