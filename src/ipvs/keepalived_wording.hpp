#pragma once
// keepalived 2.2.7's wording for IPVS failures, for the checker's log lines: the line
// `IPVS cmd <sockopt name>(<number>) error: <text>(<errno>) (<service> -> <destination>)`
// (check/ipvswrapper.c ipvs_talk) with the texts of check/libipvs.c ipvs_strerror. keepalived
// names commands by the old setsockopt interface even when it talks generic netlink.

#include "ipvs/command.hpp"

#include <cstdint>
#include <string>
#include <system_error>

namespace vigil::ipvs {

// What keepalived logs through ipvs_talk: the table operations and the sync daemons.
enum class LoggedCall : std::uint8_t {
    add_service,
    edit_service,
    remove_service,
    add_destination,
    edit_destination,
    remove_destination,
    flush,
    start_sync_daemon,
    stop_sync_daemon,
};

LoggedCall logged_call(Operation operation) noexcept;
const char* sockopt_name(LoggedCall call) noexcept; // "IP_VS_SO_SET_ADDDEST"
int sockopt_number(LoggedCall call) noexcept;       // 1159

// ipvs_strerror: the text for `error` after `call` ("Destination already exists" for EEXIST
// adding a destination, "No such service" for ESRCH, ...), else strerror's.
std::string error_text(LoggedCall call, int error);

// keepalived's rule text: "192.0.2.1:tcp:80", "2001:db8::1:udp:53" (no brackets),
// "Fwm 7", "Fwm 7 inet6"; a destination "198.51.100.1:8080".
std::string rule_text(const ServiceKey& key);

// The whole message of a failed command, e.g. "IPVS cmd IP_VS_SO_SET_ADDDEST(1159) error:
// Destination already exists(17) (192.0.2.1:tcp:80 -> 198.51.100.1:80)"; a flush has no rule.
std::string failure_message(const Command& command, std::error_code error);
// For a sync daemon call (no rule).
std::string failure_message(LoggedCall call, std::error_code error);
// "IPVS: Can't initialize ipvs: Protocol not available" (NetlinkIpvsTable::open's error).
std::string init_failure_message(std::error_code error);

} // namespace vigil::ipvs
