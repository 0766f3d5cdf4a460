#include "ipvs/genl_codec.hpp"

#include "ipvs/kernel_rules.hpp"

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netlink/genl/genl.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace vigil::ipvs::genl {
namespace {

std::error_code malformed() noexcept {
    return {EPROTO, std::system_category()};
}

int to_af(Family family) noexcept {
    return family == Family::ipv4 ? AF_INET : AF_INET6;
}

std::optional<Family> from_af(int af) noexcept {
    if (af == AF_INET) {
        return Family::ipv4;
    }
    if (af == AF_INET6) {
        return Family::ipv6;
    }
    return std::nullopt;
}

int put_address(nl_msg* msg, int type, const IpAddress& address) noexcept {
    // union nf_inet_addr: 16 bytes whatever the family.
    return nla_put(msg, type, 16, address.padded_bytes().data());
}

IpAddress get_address(const nlattr* attr, Family family) noexcept {
    std::array<std::uint8_t, 16> bytes{};
    const int length = std::min(nla_len(attr), 16);
    std::memcpy(bytes.data(), nla_data(attr), static_cast<std::size_t>(length));
    if (family == Family::ipv4) {
        std::fill(bytes.begin() + 4, bytes.end(), std::uint8_t{0});
    }
    return IpAddress{family, bytes};
}

// Minimum lengths of the attributes we read (libnl checks them in nla_parse).
template <std::size_t N>
struct Policy {
    std::array<nla_policy, N> entries{};
    constexpr void set(int type, std::uint16_t kind, std::uint16_t minimum = 0) noexcept {
        entries[static_cast<std::size_t>(type)].type = kind;
        entries[static_cast<std::size_t>(type)].minlen = minimum;
    }
    nla_policy* get() noexcept { return entries.data(); }
};

Policy<IPVS_CMD_ATTR_MAX + 1> command_policy() noexcept {
    Policy<IPVS_CMD_ATTR_MAX + 1> p;
    p.set(IPVS_CMD_ATTR_SERVICE, NLA_NESTED);
    p.set(IPVS_CMD_ATTR_DEST, NLA_NESTED);
    p.set(IPVS_CMD_ATTR_DAEMON, NLA_NESTED);
    p.set(IPVS_CMD_ATTR_TIMEOUT_TCP, NLA_U32);
    p.set(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, NLA_U32);
    p.set(IPVS_CMD_ATTR_TIMEOUT_UDP, NLA_U32);
    return p;
}

Policy<IPVS_SVC_ATTR_MAX + 1> service_policy() noexcept {
    Policy<IPVS_SVC_ATTR_MAX + 1> p;
    p.set(IPVS_SVC_ATTR_AF, NLA_U16);
    p.set(IPVS_SVC_ATTR_PROTOCOL, NLA_U16);
    p.set(IPVS_SVC_ATTR_ADDR, NLA_UNSPEC, 4);
    p.set(IPVS_SVC_ATTR_PORT, NLA_U16);
    p.set(IPVS_SVC_ATTR_FWMARK, NLA_U32);
    p.set(IPVS_SVC_ATTR_SCHED_NAME, NLA_STRING);
    p.set(IPVS_SVC_ATTR_FLAGS, NLA_UNSPEC, sizeof(ip_vs_flags));
    p.set(IPVS_SVC_ATTR_TIMEOUT, NLA_U32);
    p.set(IPVS_SVC_ATTR_NETMASK, NLA_U32);
    p.set(IPVS_SVC_ATTR_STATS, NLA_NESTED);
    p.set(IPVS_SVC_ATTR_PE_NAME, NLA_STRING);
    p.set(IPVS_SVC_ATTR_STATS64, NLA_NESTED);
    return p;
}

Policy<IPVS_DEST_ATTR_MAX + 1> destination_policy() noexcept {
    Policy<IPVS_DEST_ATTR_MAX + 1> p;
    p.set(IPVS_DEST_ATTR_ADDR, NLA_UNSPEC, 4);
    p.set(IPVS_DEST_ATTR_PORT, NLA_U16);
    p.set(IPVS_DEST_ATTR_FWD_METHOD, NLA_U32);
    p.set(IPVS_DEST_ATTR_WEIGHT, NLA_U32);
    p.set(IPVS_DEST_ATTR_U_THRESH, NLA_U32);
    p.set(IPVS_DEST_ATTR_L_THRESH, NLA_U32);
    p.set(IPVS_DEST_ATTR_ACTIVE_CONNS, NLA_U32);
    p.set(IPVS_DEST_ATTR_INACT_CONNS, NLA_U32);
    p.set(IPVS_DEST_ATTR_PERSIST_CONNS, NLA_U32);
    p.set(IPVS_DEST_ATTR_STATS, NLA_NESTED);
    p.set(IPVS_DEST_ATTR_ADDR_FAMILY, NLA_U16);
    p.set(IPVS_DEST_ATTR_STATS64, NLA_NESTED);
    p.set(IPVS_DEST_ATTR_TUN_TYPE, NLA_U8);
    p.set(IPVS_DEST_ATTR_TUN_PORT, NLA_U16);
    p.set(IPVS_DEST_ATTR_TUN_FLAGS, NLA_U16);
    return p;
}

Policy<IPVS_DAEMON_ATTR_MAX + 1> daemon_policy() noexcept {
    Policy<IPVS_DAEMON_ATTR_MAX + 1> p;
    p.set(IPVS_DAEMON_ATTR_STATE, NLA_U32);
    p.set(IPVS_DAEMON_ATTR_MCAST_IFN, NLA_STRING);
    p.set(IPVS_DAEMON_ATTR_SYNC_ID, NLA_U32);
    p.set(IPVS_DAEMON_ATTR_SYNC_MAXLEN, NLA_U16);
    p.set(IPVS_DAEMON_ATTR_MCAST_GROUP, NLA_U32);
    p.set(IPVS_DAEMON_ATTR_MCAST_GROUP6, NLA_UNSPEC, 16);
    p.set(IPVS_DAEMON_ATTR_MCAST_PORT, NLA_U16);
    p.set(IPVS_DAEMON_ATTR_MCAST_TTL, NLA_U8);
    return p;
}

// The command-level attributes of a reply, then the nest `nest_type` inside them.
template <std::size_t N>
bool parse_nest(nlmsghdr* message, int nest_type, int max, Policy<N> policy, std::array<nlattr*, N>& out) noexcept {
    std::array<nlattr*, IPVS_CMD_ATTR_MAX + 1> top{};
    auto cmd = command_policy();
    if (genlmsg_parse(message, 0, top.data(), IPVS_CMD_ATTR_MAX, cmd.get()) < 0 || top[nest_type] == nullptr) {
        return false;
    }
    return nla_parse_nested(out.data(), max, top[nest_type], policy.get()) == 0;
}

std::string get_string(const nlattr* attr) {
    const auto* text = static_cast<const char*>(nla_data(attr));
    return std::string(text, strnlen(text, static_cast<std::size_t>(nla_len(attr))));
}

// Prefers the 64-bit counters (Linux >= 4.1); else the old set.
void parse_stats(const nlattr* stats64, const nlattr* stats32, Stats& out) noexcept {
    const nlattr* nest = stats64 != nullptr ? stats64 : stats32;
    if (nest == nullptr) {
        return;
    }
    std::array<nlattr*, IPVS_STATS_ATTR_MAX + 1> a{};
    if (nla_parse_nested(a.data(), IPVS_STATS_ATTR_MAX, const_cast<nlattr*>(nest), nullptr) != 0) {
        return;
    }
    auto value = [&](int type) -> std::uint64_t {
        const nlattr* attr = a[static_cast<std::size_t>(type)];
        if (attr == nullptr) {
            return 0;
        }
        if (nla_len(attr) >= 8) {
            return nla_get_u64(const_cast<nlattr*>(attr));
        }
        return nla_len(attr) >= 4 ? nla_get_u32(const_cast<nlattr*>(attr)) : 0;
    };
    out.connections = value(IPVS_STATS_ATTR_CONNS);
    out.packets_in = value(IPVS_STATS_ATTR_INPKTS);
    out.packets_out = value(IPVS_STATS_ATTR_OUTPKTS);
    out.bytes_in = value(IPVS_STATS_ATTR_INBYTES);
    out.bytes_out = value(IPVS_STATS_ATTR_OUTBYTES);
    out.connection_rate = value(IPVS_STATS_ATTR_CPS);
    out.packet_rate_in = value(IPVS_STATS_ATTR_INPPS);
    out.packet_rate_out = value(IPVS_STATS_ATTR_OUTPPS);
    out.byte_rate_in = value(IPVS_STATS_ATTR_INBPS);
    out.byte_rate_out = value(IPVS_STATS_ATTR_OUTBPS);
}

} // namespace

int put_service(nl_msg* msg, const Service& service, Detail detail) noexcept {
    const ServiceKey& key = service.key;
    nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
    if (nest == nullptr) {
        return -NLE_NOMEM;
    }
    int rc = nla_put_u16(msg, IPVS_SVC_ATTR_AF, static_cast<std::uint16_t>(to_af(key.family)));
    if (rc == 0 && key.is_fwmark()) {
        rc = nla_put_u32(msg, IPVS_SVC_ATTR_FWMARK, key.fwmark);
    } else if (rc == 0) {
        rc = nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, static_cast<std::uint16_t>(key.protocol));
        rc = rc != 0 ? rc : put_address(msg, IPVS_SVC_ATTR_ADDR, key.address);
        rc = rc != 0 ? rc : nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(key.port));
    }
    if (rc == 0 && detail == Detail::full) {
        const ip_vs_flags flags{service.flags, ~0U};
        const std::uint32_t netmask = key.family == Family::ipv4 ? htonl(service.netmask) : service.netmask;
        rc = nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, service.scheduler.c_str());
        if (rc == 0 && !service.persistence_engine.empty()) {
            rc = nla_put_string(msg, IPVS_SVC_ATTR_PE_NAME, service.persistence_engine.c_str());
        }
        rc = rc != 0 ? rc : nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof flags, &flags);
        rc = rc != 0 ? rc : nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, service.timeout);
        rc = rc != 0 ? rc : nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, netmask);
    }
    if (rc != 0) {
        return rc;
    }
    return nla_nest_end(msg, nest);
}

int put_destination(nl_msg* msg, const Destination& destination, Detail detail) noexcept {
    nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);
    if (nest == nullptr) {
        return -NLE_NOMEM;
    }
    int rc = nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY,
                         static_cast<std::uint16_t>(to_af(destination.address.family())));
    rc = rc != 0 ? rc : put_address(msg, IPVS_DEST_ATTR_ADDR, destination.address);
    rc = rc != 0 ? rc : nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(destination.port));
    if (rc == 0 && detail == Detail::full) {
        rc = nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, static_cast<std::uint32_t>(destination.forwarding));
        rc = rc != 0 ? rc : nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, static_cast<std::uint32_t>(destination.weight));
        rc = rc != 0 ? rc : nla_put_u8(msg, IPVS_DEST_ATTR_TUN_TYPE, static_cast<std::uint8_t>(destination.tunnel_type));
        rc = rc != 0 ? rc : nla_put_u16(msg, IPVS_DEST_ATTR_TUN_PORT, htons(destination.tunnel_port));
        rc = rc != 0 ? rc : nla_put_u16(msg, IPVS_DEST_ATTR_TUN_FLAGS, destination.tunnel_flags);
        rc = rc != 0 ? rc : nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, destination.upper_threshold);
        rc = rc != 0 ? rc : nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, destination.lower_threshold);
    }
    if (rc != 0) {
        return rc;
    }
    return nla_nest_end(msg, nest);
}

int put_daemon(nl_msg* msg, const SyncDaemon& daemon) noexcept {
    nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);
    if (nest == nullptr) {
        return -NLE_NOMEM;
    }
    int rc = nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, static_cast<std::uint32_t>(daemon.role));
    rc = rc != 0 ? rc : nla_put_string(msg, IPVS_DAEMON_ATTR_MCAST_IFN, daemon.interface.c_str());
    rc = rc != 0 ? rc : nla_put_u32(msg, IPVS_DAEMON_ATTR_SYNC_ID, daemon.sync_id);
    if (rc == 0 && daemon.max_len != 0) {
        rc = nla_put_u16(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, daemon.max_len);
    }
    if (rc == 0 && daemon.port != 0) {
        rc = nla_put_u16(msg, IPVS_DAEMON_ATTR_MCAST_PORT, daemon.port);
    }
    if (rc == 0 && daemon.ttl != 0) {
        rc = nla_put_u8(msg, IPVS_DAEMON_ATTR_MCAST_TTL, daemon.ttl);
    }
    if (rc == 0 && daemon.group) {
        rc = daemon.group->family() == Family::ipv4
                 ? nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, daemon.group->bytes().data())
                 : nla_put(msg, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, daemon.group->bytes().data());
    }
    if (rc != 0) {
        return rc;
    }
    return nla_nest_end(msg, nest);
}

int put_daemon_role(nl_msg* msg, SyncRole role) noexcept {
    nlattr* nest = nla_nest_start(msg, IPVS_CMD_ATTR_DAEMON);
    if (nest == nullptr) {
        return -NLE_NOMEM;
    }
    if (int rc = nla_put_u32(msg, IPVS_DAEMON_ATTR_STATE, static_cast<std::uint32_t>(role)); rc != 0) {
        return rc;
    }
    return nla_nest_end(msg, nest);
}

int put_timeouts(nl_msg* msg, const Timeouts& timeouts) noexcept {
    int rc = 0;
    if (timeouts.tcp != 0) {
        rc = nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, timeouts.tcp);
    }
    if (rc == 0 && timeouts.tcp_fin != 0) {
        rc = nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, timeouts.tcp_fin);
    }
    if (rc == 0 && timeouts.udp != 0) {
        rc = nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, timeouts.udp);
    }
    return rc;
}

std::error_code parse_service(nlmsghdr* message, ServiceEntry& out) noexcept {
    std::array<nlattr*, IPVS_SVC_ATTR_MAX + 1> a{};
    if (!parse_nest(message, IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_MAX, service_policy(), a) ||
        a[IPVS_SVC_ATTR_AF] == nullptr || a[IPVS_SVC_ATTR_SCHED_NAME] == nullptr ||
        a[IPVS_SVC_ATTR_FLAGS] == nullptr) {
        return malformed();
    }
    const auto family = from_af(nla_get_u16(a[IPVS_SVC_ATTR_AF]));
    if (!family) {
        return malformed();
    }
    try {
        Service& s = out.service;
        if (a[IPVS_SVC_ATTR_FWMARK] != nullptr) {
            s.key = ServiceKey::of_fwmark(*family, nla_get_u32(a[IPVS_SVC_ATTR_FWMARK]));
        } else if (a[IPVS_SVC_ATTR_PROTOCOL] != nullptr && a[IPVS_SVC_ATTR_ADDR] != nullptr &&
                   a[IPVS_SVC_ATTR_PORT] != nullptr) {
            s.key = ServiceKey::of_address(static_cast<Protocol>(nla_get_u16(a[IPVS_SVC_ATTR_PROTOCOL])),
                                           get_address(a[IPVS_SVC_ATTR_ADDR], *family),
                                           ntohs(nla_get_u16(a[IPVS_SVC_ATTR_PORT])));
        } else {
            return malformed();
        }
        s.scheduler = get_string(a[IPVS_SVC_ATTR_SCHED_NAME]);
        s.persistence_engine = a[IPVS_SVC_ATTR_PE_NAME] != nullptr ? get_string(a[IPVS_SVC_ATTR_PE_NAME]) : "";
        ip_vs_flags flags{};
        std::memcpy(&flags, nla_data(a[IPVS_SVC_ATTR_FLAGS]), sizeof flags);
        s.flags = flags.flags & ~kernel_rules::hashed_flag;
        s.timeout = a[IPVS_SVC_ATTR_TIMEOUT] != nullptr ? nla_get_u32(a[IPVS_SVC_ATTR_TIMEOUT]) : 0;
        const std::uint32_t netmask = a[IPVS_SVC_ATTR_NETMASK] != nullptr ? nla_get_u32(a[IPVS_SVC_ATTR_NETMASK]) : 0;
        s.netmask = *family == Family::ipv4 ? ntohl(netmask) : netmask;
        parse_stats(a[IPVS_SVC_ATTR_STATS64], a[IPVS_SVC_ATTR_STATS], out.stats);
        return {};
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

std::error_code parse_destination(nlmsghdr* message, Family service_family, DestinationEntry& out) noexcept {
    std::array<nlattr*, IPVS_DEST_ATTR_MAX + 1> a{};
    if (!parse_nest(message, IPVS_CMD_ATTR_DEST, IPVS_DEST_ATTR_MAX, destination_policy(), a) ||
        a[IPVS_DEST_ATTR_ADDR] == nullptr || a[IPVS_DEST_ATTR_PORT] == nullptr) {
        return malformed();
    }
    auto family = std::optional<Family>(service_family);
    if (a[IPVS_DEST_ATTR_ADDR_FAMILY] != nullptr) {
        family = from_af(nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY]));
        if (!family) {
            return malformed();
        }
    }
    auto u32 = [&](int type) -> std::uint32_t {
        return a[static_cast<std::size_t>(type)] != nullptr ? nla_get_u32(a[static_cast<std::size_t>(type)]) : 0;
    };
    Destination& d = out.destination;
    d.address = get_address(a[IPVS_DEST_ATTR_ADDR], *family);
    d.port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_PORT]));
    d.forwarding = static_cast<Forwarding>(u32(IPVS_DEST_ATTR_FWD_METHOD) & IP_VS_CONN_F_FWD_MASK);
    d.weight = static_cast<std::int32_t>(u32(IPVS_DEST_ATTR_WEIGHT));
    d.upper_threshold = u32(IPVS_DEST_ATTR_U_THRESH);
    d.lower_threshold = u32(IPVS_DEST_ATTR_L_THRESH);
    d.tunnel_type = a[IPVS_DEST_ATTR_TUN_TYPE] != nullptr
                        ? static_cast<TunnelType>(nla_get_u8(a[IPVS_DEST_ATTR_TUN_TYPE]))
                        : TunnelType::ipip;
    d.tunnel_port = a[IPVS_DEST_ATTR_TUN_PORT] != nullptr ? ntohs(nla_get_u16(a[IPVS_DEST_ATTR_TUN_PORT])) : 0;
    d.tunnel_flags = a[IPVS_DEST_ATTR_TUN_FLAGS] != nullptr ? nla_get_u16(a[IPVS_DEST_ATTR_TUN_FLAGS]) : 0;
    out.active_connections = u32(IPVS_DEST_ATTR_ACTIVE_CONNS);
    out.inactive_connections = u32(IPVS_DEST_ATTR_INACT_CONNS);
    out.persistent_connections = u32(IPVS_DEST_ATTR_PERSIST_CONNS);
    parse_stats(a[IPVS_DEST_ATTR_STATS64], a[IPVS_DEST_ATTR_STATS], out.stats);
    return {};
}

std::error_code parse_daemon(nlmsghdr* message, SyncDaemon& out) noexcept {
    std::array<nlattr*, IPVS_DAEMON_ATTR_MAX + 1> a{};
    if (!parse_nest(message, IPVS_CMD_ATTR_DAEMON, IPVS_DAEMON_ATTR_MAX, daemon_policy(), a) ||
        a[IPVS_DAEMON_ATTR_STATE] == nullptr || a[IPVS_DAEMON_ATTR_MCAST_IFN] == nullptr) {
        return malformed();
    }
    const std::uint32_t state = nla_get_u32(a[IPVS_DAEMON_ATTR_STATE]);
    if (state != static_cast<std::uint32_t>(SyncRole::master) && state != static_cast<std::uint32_t>(SyncRole::backup)) {
        return malformed();
    }
    try {
        out.role = static_cast<SyncRole>(state);
        out.interface = get_string(a[IPVS_DAEMON_ATTR_MCAST_IFN]);
        out.sync_id = a[IPVS_DAEMON_ATTR_SYNC_ID] != nullptr ? nla_get_u32(a[IPVS_DAEMON_ATTR_SYNC_ID]) : 0;
        out.max_len = a[IPVS_DAEMON_ATTR_SYNC_MAXLEN] != nullptr ? nla_get_u16(a[IPVS_DAEMON_ATTR_SYNC_MAXLEN]) : 0;
        out.port = a[IPVS_DAEMON_ATTR_MCAST_PORT] != nullptr ? nla_get_u16(a[IPVS_DAEMON_ATTR_MCAST_PORT]) : 0;
        out.ttl = a[IPVS_DAEMON_ATTR_MCAST_TTL] != nullptr ? nla_get_u8(a[IPVS_DAEMON_ATTR_MCAST_TTL]) : 0;
        out.group.reset();
        if (a[IPVS_DAEMON_ATTR_MCAST_GROUP] != nullptr) {
            out.group = get_address(a[IPVS_DAEMON_ATTR_MCAST_GROUP], Family::ipv4);
        } else if (a[IPVS_DAEMON_ATTR_MCAST_GROUP6] != nullptr) {
            out.group = get_address(a[IPVS_DAEMON_ATTR_MCAST_GROUP6], Family::ipv6);
        }
        return {};
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

std::error_code parse_timeouts(nlmsghdr* message, Timeouts& out) noexcept {
    std::array<nlattr*, IPVS_CMD_ATTR_MAX + 1> a{};
    auto policy = command_policy();
    if (genlmsg_parse(message, 0, a.data(), IPVS_CMD_ATTR_MAX, policy.get()) < 0) {
        return malformed();
    }
    auto u32 = [&](int type) -> std::uint32_t {
        return a[static_cast<std::size_t>(type)] != nullptr ? nla_get_u32(a[static_cast<std::size_t>(type)]) : 0;
    };
    out.tcp = u32(IPVS_CMD_ATTR_TIMEOUT_TCP);
    out.tcp_fin = u32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN);
    out.udp = u32(IPVS_CMD_ATTR_TIMEOUT_UDP);
    return {};
}

std::error_code parse_info(nlmsghdr* message, Info& out) noexcept {
    std::array<nlattr*, IPVS_INFO_ATTR_MAX + 1> a{};
    Policy<IPVS_INFO_ATTR_MAX + 1> policy;
    policy.set(IPVS_INFO_ATTR_VERSION, NLA_U32);
    policy.set(IPVS_INFO_ATTR_CONN_TAB_SIZE, NLA_U32);
    if (genlmsg_parse(message, 0, a.data(), IPVS_INFO_ATTR_MAX, policy.get()) < 0 ||
        a[IPVS_INFO_ATTR_VERSION] == nullptr || a[IPVS_INFO_ATTR_CONN_TAB_SIZE] == nullptr) {
        return malformed();
    }
    out.version = nla_get_u32(a[IPVS_INFO_ATTR_VERSION]);
    out.connection_table_size = nla_get_u32(a[IPVS_INFO_ATTR_CONN_TAB_SIZE]);
    return {};
}

} // namespace vigil::ipvs::genl
