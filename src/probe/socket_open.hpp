#pragma once
// Opens a checker's non-blocking socket and starts connecting it, with the connection
// options every socket checker shares (connect_ip/port, bindto/bind_port, bind_if, fwmark),
// as keepalived 2.2.7's socket_bind_connect does (core/layer4.c):
//
//  - TCP sockets linger 5 s on close (SO_LINGER), so that the port is freed after an
//    orderly shutdown;
//  - fwmark sets SO_MARK (needs CAP_NET_ADMIN), bind_if SO_BINDTODEVICE (needed for an IPv6
//    link-local target), bindto binds the source address (with bind_port, if given);
//  - any failure there is ConnectStatus::error, logged with keepalived's wording.
//
// The I/O edge of the probes (src/probe's state machines are pure).

#include "config/ip_address.hpp"
#include "probe/connect_status.hpp"
#include "util/unique_fd.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace vigil::probe {

struct SocketTarget {
    config::IpAddress address;
    std::uint16_t port = 0;
    std::optional<config::IpAddress> bind_address;
    std::uint16_t bind_port = 0;
    std::optional<std::string> bind_interface;
    std::uint32_t fwmark = 0;
};

enum class Transport : std::uint8_t { tcp, udp };

struct OpenedSocket {
    UniqueFd fd;           // invalid when socket() itself failed
    ConnectStatus status = ConnectStatus::error;
    std::string problem;   // keepalived's log line for a setup failure (error), if any
};

OpenedSocket open_and_connect(const SocketTarget& target, Transport transport);

// getsockopt(SO_ERROR) on a socket that became writable while connecting, classified
// (probe::classify_socket_error).
ConnectStatus connect_result(int fd) noexcept;

} // namespace vigil::probe
