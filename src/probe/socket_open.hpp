#pragma once
// Opening a checker's non-blocking socket with the connection options every socket checker
// shares, as keepalived 2.2.7's socket_bind_connect does (core/layer4.c):
//
//  - TCP sockets linger 5 s on close (SO_LINGER), so that the port is freed after an
//    orderly shutdown;
//  - fwmark sets SO_MARK (needs CAP_NET_ADMIN), bind_if SO_BINDTODEVICE (needed for an IPv6
//    link-local target), bindto binds the source address (with bind_port, if given);
//  - any failure there means the check could not be run (ConnectStatus::error), logged with
//    keepalived's wording.

#include "probe/connect_status.hpp"
#include "probe/target.hpp"
#include "util/unique_fd.hpp"

#include <cstdint>
#include <string>

namespace vigil::probe {

enum class BindDevice : std::uint8_t { no, yes };

// SO_MARK, SO_BINDTODEVICE (with BindDevice::yes), bind(): keepalived's preamble. Returns
// the failure's log line, or empty.
std::string prepare_socket(int fd, const Target& target, BindDevice bind_device);

enum class Transport : std::uint8_t { tcp, udp };

struct OpenedSocket {
    UniqueFd fd;           // invalid when socket() itself failed
    ConnectStatus status = ConnectStatus::error;
    std::string problem;   // keepalived's log line for a set-up failure (error), if any
};

// A socket of `transport` to `target`, prepared, with connect() begun.
OpenedSocket open_and_connect(const Target& target, Transport transport);

// getsockopt(SO_ERROR) on a socket that became writable while connecting, classified
// (classify_socket_error).
ConnectStatus connect_result(int fd) noexcept;

} // namespace vigil::probe
