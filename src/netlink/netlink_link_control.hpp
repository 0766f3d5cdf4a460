#pragma once
// LinkControl over NETLINK_ROUTE with libnl-route (rtnl_link_macvlan, rtnl_link_ipvlan; the ipvlan
// flags, which libnl 3.7 lacks, as raw attributes on libnl messages) and /proc/sys.
// Requests are synchronous (nl_send_sync: the kernel's acknowledgement is awaited).

#include "netlink/link_control.hpp"
#include "netlink/nl_ptr.hpp"

namespace vigil::netlink {

class NetlinkLinkControl final : public LinkControl {
public:
    // Throws std::system_error when the socket cannot be opened (start-up only).
    NetlinkLinkControl();

    std::optional<LinkDetails> find(std::string_view name) noexcept override;
    std::vector<LinkName> list() noexcept override;
    std::error_code create_macvlan(std::string_view name, int parent, const MacBytes& mac) noexcept override;
    std::error_code update_macvlan(int index, const MacBytes& mac) noexcept override;
    std::error_code create_ipvlan(std::string_view name, int parent, IpvlanFlags flags) noexcept override;
    std::error_code set_addr_gen_mode_none(int index) noexcept override;
    std::error_code set_up(int index) noexcept override;
    std::error_code remove(int index) noexcept override;
    std::error_code set_ipv4_conf(int index, std::span<const Ipv4Setting> settings) noexcept override;
    std::optional<std::uint32_t> read_sysctl(std::string_view path) noexcept override;
    std::error_code write_sysctl(std::string_view path, std::uint32_t value) noexcept override;

private:
    std::optional<IpvlanFlags> read_ipvlan_flags(int index) noexcept;
    template <typename Edit>
    std::error_code change(int index, Edit edit, int (*send)(nl_sock*, rtnl_link*)) noexcept;

    NlSocketPtr socket_;
};

} // namespace vigil::netlink
