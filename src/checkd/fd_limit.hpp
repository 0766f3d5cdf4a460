#pragma once
// The checker child's open-file limit, as keepalived 2.2.7 sets it at start and at each
// reload (check_daemon.c set_checker_max_fds, lib/process.c set_max_file_limit): room for
// its own descriptors (17), one socket per checker that holds one while it runs (TCP_CHECK,
// UDP_CHECK, PING_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK) and 10 spare. Without it a
// large farm (thousands of HTTP_GET real servers, some slow) runs out at the usual soft
// limit of 1024: "WEB connection fail to create socket. Rescheduling." for every check.
//
// Contract:
//  - descriptors_needed() is pure: the count for a configuration.
//  - ensure_descriptor_limit(n) is process::raise_open_file_limit(n) (open_file_limit.hpp,
//    shared with the VRRP child).

#include "config/model.hpp"

#include <cstddef>

namespace vigil::checkd {

std::size_t descriptors_needed(const config::Config& config) noexcept;
void ensure_descriptor_limit(std::size_t needed) noexcept;

} // namespace vigil::checkd
