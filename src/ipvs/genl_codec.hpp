#pragma once
// The IPVS generic netlink attributes (linux/ip_vs.h) to and from our values, with libnl's
// attribute helpers. Internal to src/ipvs (NetlinkIpvsTable and its tests).
//
// Encoding follows what the kernel parses (ip_vs_genl_parse_service/_dest, new_daemon):
// addresses as 16 bytes (IPv4 in the first 4), ports in network order, the netmask as the
// kernel's raw 32 bits (IPv4 mask in network order, IPv6 prefix length), flags as
// struct ip_vs_flags with mask ~0 (every flag set as given), tunnel attributes always.

#include "ipvs/entries.hpp"
#include "ipvs/settings.hpp"

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <system_error>

namespace vigil::ipvs::genl {

enum class Detail : std::uint8_t { key, full };

// IPVS_CMD_ATTR_SERVICE: the key only (lookups, deletes, dumps of destinations) or the whole
// service (add/edit). Return 0 or a negative libnl error.
int put_service(nl_msg* msg, const Service& service, Detail detail) noexcept;
// IPVS_CMD_ATTR_DEST: address, family and port only (delete) or every setting (add/edit).
int put_destination(nl_msg* msg, const Destination& destination, Detail detail) noexcept;
// IPVS_CMD_ATTR_DAEMON for IPVS_CMD_NEW_DAEMON; unset values (0, nullopt) are left out.
int put_daemon(nl_msg* msg, const SyncDaemon& daemon) noexcept;
// IPVS_CMD_ATTR_DAEMON for IPVS_CMD_DEL_DAEMON: the state only.
int put_daemon_role(nl_msg* msg, SyncRole role) noexcept;
// IPVS_CMD_ATTR_TIMEOUT_*: the non-zero ones (a 0 would mean "unchanged" anyway).
int put_timeouts(nl_msg* msg, const Timeouts& timeouts) noexcept;

// The attributes of a reply (IPVS_CMD_NEW_SERVICE, _NEW_DEST, _NEW_DAEMON, _SET_CONFIG,
// _SET_INFO). EPROTO when a mandatory attribute is missing or malformed.
std::error_code parse_service(nlmsghdr* message, ServiceEntry& out) noexcept;
std::error_code parse_destination(nlmsghdr* message, Family service_family, DestinationEntry& out) noexcept;
std::error_code parse_daemon(nlmsghdr* message, SyncDaemon& out) noexcept;
std::error_code parse_timeouts(nlmsghdr* message, Timeouts& out) noexcept;
std::error_code parse_info(nlmsghdr* message, Info& out) noexcept;

} // namespace vigil::ipvs::genl
