#include "netlink/netlink_link_control.hpp"

#include "netlink/rtnl_convert.hpp"
#include "util/unique_fd.hpp"

#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <net/if.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/ipvlan.h>
#include <netlink/route/link/macvlan.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstring>
#include <string>

namespace vigil::netlink {

namespace {

constexpr int addr_gen_mode_none = 1;  // IN6_ADDR_GEN_MODE_NONE

NlAddrPtr mac_addr(const MacBytes& mac) noexcept {
    return NlAddrPtr{nl_addr_build(AF_LLC, mac.data(), mac.size())};
}

std::error_code no_memory() noexcept {
    return std::make_error_code(std::errc::not_enough_memory);
}

std::string proc_path(std::string_view path) {
    return "/proc/sys/net/" + std::string{path};
}

} // namespace

NetlinkLinkControl::NetlinkLinkControl() : socket_(nl_socket_alloc()) {
    if (!socket_) {
        throw std::system_error(no_memory(), "nl_socket_alloc");
    }
    if (int rc = nl_connect(socket_.get(), NETLINK_ROUTE); rc < 0) {
        throw std::system_error(libnl_error(rc), "netlink link socket");
    }
}

std::optional<LinkDetails> NetlinkLinkControl::find(std::string_view name) noexcept {
    rtnl_link* raw = nullptr;
    const std::string text{name};
    if (rtnl_link_get_kernel(socket_.get(), 0, text.c_str(), &raw) < 0 || raw == nullptr) {
        return std::nullopt;
    }
    RtnlLinkPtr link{raw};
    LinkDetails d;
    d.index = rtnl_link_get_ifindex(raw);
    d.name = rtnl_link_get_name(raw) != nullptr ? rtnl_link_get_name(raw) : "";
    if (const char* kind = rtnl_link_get_type(raw)) {
        d.kind = kind;
    }
    if (d.kind == "macvlan") {
        d.macvlan_mode = static_cast<MacvlanMode>(rtnl_link_macvlan_get_mode(raw));
    }
    if (d.kind == "ipvlan") {
        std::uint16_t mode = 0;
        if (rtnl_link_ipvlan_get_mode(raw, &mode) == 0) {
            d.ipvlan_mode = mode;
        }
    }
    d.parent = rtnl_link_get_link(raw);
    if (nl_addr* a = rtnl_link_get_addr(raw); a != nullptr && nl_addr_get_len(a) == d.mac.size()) {
        std::memcpy(d.mac.data(), nl_addr_get_binary_addr(a), d.mac.size());
    }
    d.admin_up = (rtnl_link_get_flags(raw) & IFF_UP) != 0;
    if (d.kind == "ipvlan") {
        d.ipvlan_flags = read_ipvlan_flags(d.index);
    }
    return d;
}

std::vector<LinkName> NetlinkLinkControl::list() noexcept {
    std::vector<LinkName> out;
    struct if_nameindex* names = ::if_nameindex();
    if (names == nullptr) {
        return out;
    }
    try {
        for (const struct if_nameindex* n = names; n->if_index != 0; ++n) {
            out.push_back(LinkName{static_cast<int>(n->if_index), n->if_name});
        }
    } catch (...) {
        out.clear();
    }
    ::if_freenameindex(names);
    return out;
}

std::error_code NetlinkLinkControl::create_macvlan(std::string_view name, int parent, const MacBytes& mac) noexcept {
    RtnlLinkPtr link{rtnl_link_macvlan_alloc()};
    auto addr = mac_addr(mac);
    if (!link || !addr) {
        return no_memory();
    }
    const std::string text{name};
    rtnl_link_set_name(link.get(), text.c_str());
    rtnl_link_set_link(link.get(), parent);
    rtnl_link_set_addr(link.get(), addr.get());
    rtnl_link_macvlan_set_mode(link.get(), MACVLAN_MODE_PRIVATE);
    if (int rc = rtnl_link_add(socket_.get(), link.get(), NLM_F_CREATE | NLM_F_EXCL); rc < 0) {
        return libnl_error(rc);
    }
    return {};
}

std::error_code NetlinkLinkControl::update_macvlan(int index, const MacBytes& mac) noexcept {
    RtnlLinkPtr link{rtnl_link_macvlan_alloc()};
    auto addr = mac_addr(mac);
    if (!link || !addr) {
        return no_memory();
    }
    rtnl_link_set_ifindex(link.get(), index);
    rtnl_link_set_addr(link.get(), addr.get());
    rtnl_link_macvlan_set_mode(link.get(), MACVLAN_MODE_PRIVATE);
    if (int rc = rtnl_link_add(socket_.get(), link.get(), 0); rc < 0) {
        return libnl_error(rc);
    }
    return {};
}

namespace {

// NLA_F_NESTED-less nests, as iproute2 and keepalived send them.
int put_ipvlan_info(nl_msg* msg, IpvlanFlags flags) {
    nlattr* info = nla_nest_start(msg, IFLA_LINKINFO);
    if (info == nullptr || nla_put_string(msg, IFLA_INFO_KIND, "ipvlan") < 0) {
        return -NLE_NOMEM;
    }
    nlattr* data = nla_nest_start(msg, IFLA_INFO_DATA);
    if (data == nullptr || nla_put_u16(msg, IFLA_IPVLAN_MODE, ipvlan_mode_l2) < 0 ||
        nla_put_u16(msg, IFLA_IPVLAN_FLAGS, static_cast<std::uint16_t>(flags)) < 0) {
        return -NLE_NOMEM;
    }
    nla_nest_end(msg, data);
    nla_nest_end(msg, info);
    return 0;
}

// NL_CB_VALID handler of read_ipvlan_flags: IFLA_LINKINFO/IFLA_INFO_DATA/IFLA_IPVLAN_FLAGS.
int take_ipvlan_flags(nl_msg* msg, void* arg) {
    auto& out = *static_cast<std::optional<IpvlanFlags>*>(arg);
    nlattr* attrs[IFLA_MAX + 1] = {};
    if (nlmsg_parse(nlmsg_hdr(msg), sizeof(ifinfomsg), attrs, IFLA_MAX, nullptr) < 0 ||
        attrs[IFLA_LINKINFO] == nullptr) {
        return NL_OK;
    }
    nlattr* info[IFLA_INFO_MAX + 1] = {};
    if (nla_parse_nested(info, IFLA_INFO_MAX, attrs[IFLA_LINKINFO], nullptr) < 0 || info[IFLA_INFO_DATA] == nullptr) {
        return NL_OK;
    }
    nlattr* data[IFLA_IPVLAN_MAX + 1] = {};
    if (nla_parse_nested(data, IFLA_IPVLAN_MAX, info[IFLA_INFO_DATA], nullptr) < 0) {
        return NL_OK;
    }
    // Kernels before 4.15 have no flags: bridge behaviour.
    out = data[IFLA_IPVLAN_FLAGS] != nullptr ? static_cast<IpvlanFlags>(nla_get_u16(data[IFLA_IPVLAN_FLAGS]))
                                             : IpvlanFlags::bridge;
    return NL_OK;
}

} // namespace

std::error_code NetlinkLinkControl::create_ipvlan(std::string_view name, int parent, IpvlanFlags flags) noexcept {
    NlMsgPtr msg{nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL)};
    if (!msg) {
        return no_memory();
    }
    ifinfomsg header{};
    header.ifi_family = AF_UNSPEC;
    header.ifi_flags = IFF_UP;
    header.ifi_change = IFF_UP;
    const std::string text{name};
    if (nlmsg_append(msg.get(), &header, sizeof header, NLMSG_ALIGNTO) < 0 ||
        nla_put_u32(msg.get(), IFLA_LINK, static_cast<std::uint32_t>(parent)) < 0 ||
        nla_put_string(msg.get(), IFLA_IFNAME, text.c_str()) < 0 || put_ipvlan_info(msg.get(), flags) < 0) {
        return no_memory();
    }
    if (int rc = nl_send_sync(socket_.get(), msg.release()); rc < 0) {
        return libnl_error(rc);
    }
    return {};
}

// libnl 3.7 parses IFLA_IPVLAN_MODE only: the flags come from a raw RTM_GETLINK, whose
// reply is followed by the acknowledgement libnl asks for (consumed too, so that the next
// request's wait sees its own).
std::optional<IpvlanFlags> NetlinkLinkControl::read_ipvlan_flags(int index) noexcept {
    NlMsgPtr msg{nlmsg_alloc_simple(RTM_GETLINK, NLM_F_REQUEST)};
    NlCbPtr cb{nl_cb_alloc(NL_CB_DEFAULT)};
    if (!msg || !cb) {
        return std::nullopt;
    }
    ifinfomsg header{};
    header.ifi_family = AF_UNSPEC;
    header.ifi_index = index;
    if (nlmsg_append(msg.get(), &header, sizeof header, NLMSG_ALIGNTO) < 0 ||
        nl_send_auto(socket_.get(), msg.get()) < 0) {
        return std::nullopt;
    }
    std::optional<IpvlanFlags> flags;
    nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, &take_ipvlan_flags, &flags);
    if (nl_recvmsgs(socket_.get(), cb.get()) < 0) {
        return std::nullopt;
    }
    nl_wait_for_ack(socket_.get());
    return flags;
}

// One RTM_NEWLINK (or RTM_DELLINK) on link `index`: `edit` fills in the change.
template <typename Edit>
std::error_code NetlinkLinkControl::change(int index, Edit edit, int (*send)(nl_sock*, rtnl_link*)) noexcept {
    RtnlLinkPtr link{rtnl_link_alloc()};
    if (!link) {
        return no_memory();
    }
    rtnl_link_set_ifindex(link.get(), index);
    if (int rc = edit(link.get()); rc < 0) {
        return libnl_error(rc);
    }
    if (int rc = send(socket_.get(), link.get()); rc < 0) {
        return libnl_error(rc);
    }
    return {};
}

namespace {

int add_change(nl_sock* socket, rtnl_link* link) {
    return rtnl_link_add(socket, link, 0);
}

int delete_link(nl_sock* socket, rtnl_link* link) {
    return rtnl_link_delete(socket, link);
}

} // namespace

std::error_code NetlinkLinkControl::set_addr_gen_mode_none(int index) noexcept {
    return change(index, [](rtnl_link* l) { return rtnl_link_inet6_set_addr_gen_mode(l, addr_gen_mode_none); },
                  &add_change);
}

std::error_code NetlinkLinkControl::set_up(int index) noexcept {
    return change(index, [](rtnl_link* l) { rtnl_link_set_flags(l, IFF_UP); return 0; }, &add_change);
}

std::error_code NetlinkLinkControl::remove(int index) noexcept {
    return change(index, [](rtnl_link*) { return 0; }, &delete_link);
}

std::error_code NetlinkLinkControl::set_ipv4_conf(int index, std::span<const Ipv4Setting> settings) noexcept {
    NlMsgPtr msg{nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST)};
    if (!msg) {
        return no_memory();
    }
    ifinfomsg header{};
    header.ifi_family = AF_UNSPEC;
    header.ifi_index = index;
    if (nlmsg_append(msg.get(), &header, sizeof header, NLMSG_ALIGNTO) < 0) {
        return no_memory();
    }
    nlattr* spec = nla_nest_start(msg.get(), IFLA_AF_SPEC);
    nlattr* inet = nla_nest_start(msg.get(), AF_INET);
    nlattr* conf = nla_nest_start(msg.get(), IFLA_INET_CONF);
    if (spec == nullptr || inet == nullptr || conf == nullptr) {
        return no_memory();
    }
    for (const auto& s : settings) {
        if (nla_put_u32(msg.get(), static_cast<int>(s.key), s.value) < 0) {
            return no_memory();
        }
    }
    nla_nest_end(msg.get(), conf);
    nla_nest_end(msg.get(), inet);
    nla_nest_end(msg.get(), spec);
    if (int rc = nl_send_sync(socket_.get(), msg.release()); rc < 0) {
        return libnl_error(rc);
    }
    return {};
}

std::optional<std::uint32_t> NetlinkLinkControl::read_sysctl(std::string_view path) noexcept {
    try {
        const UniqueFd fd{::open(proc_path(path).c_str(), O_RDONLY | O_CLOEXEC)};
        if (!fd) {
            return std::nullopt;
        }
        std::array<char, 32> buffer{};
        const auto n = ::read(fd.get(), buffer.data(), buffer.size() - 1);
        std::uint32_t value = 0;
        if (n <= 0 || std::from_chars(buffer.data(), buffer.data() + n, value).ec != std::errc{}) {
            return std::nullopt;
        }
        return value;
    } catch (...) {
        return std::nullopt;
    }
}

std::error_code NetlinkLinkControl::write_sysctl(std::string_view path, std::uint32_t value) noexcept {
    try {
        const UniqueFd fd{::open(proc_path(path).c_str(), O_WRONLY | O_CLOEXEC)};
        if (!fd) {
            return {errno, std::generic_category()};
        }
        const auto text = std::to_string(value) + "\n";
        if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
            return {errno, std::generic_category()};
        }
        return {};
    } catch (...) {
        return no_memory();
    }
}

} // namespace vigil::netlink
