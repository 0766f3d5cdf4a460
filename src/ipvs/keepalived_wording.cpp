#include "ipvs/keepalived_wording.hpp"

#include <cerrno>
#include <cstring>
#include <linux/ip_vs.h>

namespace vigil::ipvs {
namespace {

std::string address_text(const IpAddress& address, std::uint16_t port) {
    return address.to_string() + ":" + std::to_string(port);
}

std::string message(LoggedCall call, std::error_code error, const std::string& rule) {
    std::string out = "IPVS cmd ";
    out += sockopt_name(call);
    out += "(" + std::to_string(sockopt_number(call)) + ") error: ";
    out += error_text(call, error.value());
    out += "(" + std::to_string(error.value()) + ")";
    if (!rule.empty()) {
        out += " (" + rule + ")";
    }
    return out;
}

} // namespace

LoggedCall logged_call(Operation operation) noexcept {
    switch (operation) {
    case Operation::add_service:
        return LoggedCall::add_service;
    case Operation::edit_service:
        return LoggedCall::edit_service;
    case Operation::remove_service:
        return LoggedCall::remove_service;
    case Operation::add_destination:
        return LoggedCall::add_destination;
    case Operation::edit_destination:
        return LoggedCall::edit_destination;
    case Operation::remove_destination:
        return LoggedCall::remove_destination;
    case Operation::flush:
        return LoggedCall::flush;
    }
    return LoggedCall::flush;
}

const char* sockopt_name(LoggedCall call) noexcept {
    switch (call) {
    case LoggedCall::add_service:
        return "IP_VS_SO_SET_ADD";
    case LoggedCall::edit_service:
        return "IP_VS_SO_SET_EDIT";
    case LoggedCall::remove_service:
        return "IP_VS_SO_SET_DEL";
    case LoggedCall::add_destination:
        return "IP_VS_SO_SET_ADDDEST";
    case LoggedCall::edit_destination:
        return "IP_VS_SO_SET_EDITDEST";
    case LoggedCall::remove_destination:
        return "IP_VS_SO_SET_DELDEST";
    case LoggedCall::flush:
        return "IP_VS_SO_SET_FLUSH";
    case LoggedCall::start_sync_daemon:
        return "IP_VS_SO_SET_STARTDAEMON";
    case LoggedCall::stop_sync_daemon:
        return "IP_VS_SO_SET_STOPDAEMON";
    }
    return "(unknown)";
}

int sockopt_number(LoggedCall call) noexcept {
    switch (call) {
    case LoggedCall::add_service:
        return IP_VS_SO_SET_ADD;
    case LoggedCall::edit_service:
        return IP_VS_SO_SET_EDIT;
    case LoggedCall::remove_service:
        return IP_VS_SO_SET_DEL;
    case LoggedCall::add_destination:
        return IP_VS_SO_SET_ADDDEST;
    case LoggedCall::edit_destination:
        return IP_VS_SO_SET_EDITDEST;
    case LoggedCall::remove_destination:
        return IP_VS_SO_SET_DELDEST;
    case LoggedCall::flush:
        return IP_VS_SO_SET_FLUSH;
    case LoggedCall::start_sync_daemon:
        return IP_VS_SO_SET_STARTDAEMON;
    case LoggedCall::stop_sync_daemon:
        return IP_VS_SO_SET_STOPDAEMON;
    }
    return 0;
}

std::string error_text(LoggedCall call, int error) {
    // The call-specific texts first, as ipvs_strerror's table orders them.
    using C = LoggedCall;
    if (error == EEXIST && call == C::add_service) {
        return "Service already exists";
    }
    if (error == ENOENT && (call == C::add_service || call == C::edit_service)) {
        return "Scheduler or persistence engine not found";
    }
    if (error == EEXIST && call == C::add_destination) {
        return "Destination already exists";
    }
    if (error == ENOENT && (call == C::edit_destination || call == C::remove_destination)) {
        return "No such destination";
    }
    if (error == EEXIST && call == C::start_sync_daemon) {
        return "Daemon has already run";
    }
    if (error == ESRCH && call == C::stop_sync_daemon) {
        return "No daemon is running";
    }
    switch (error) {
    case ESRCH:
        return "No such service";
    case EPERM:
        return "Permission denied (you must be root)";
    case EINVAL:
        return "Invalid operation.  Possibly wrong module version, address not unicast, ...";
    case ENOPROTOOPT:
        return "Protocol not available";
    case ENOMEM:
        return "Memory allocation problem";
    case EOPNOTSUPP:
        return "Operation not supported with IPv6";
    case EAFNOSUPPORT:
        return "Operation not supported with specified address family";
    case EMSGSIZE:
        return "Module is wrong version";
    default:
        return std::strerror(error);
    }
}

std::string rule_text(const ServiceKey& key) {
    if (key.is_fwmark()) {
        return "Fwm " + std::to_string(key.fwmark) + (key.family == Family::ipv6 ? " inet6" : "");
    }
    std::string protocol;
    switch (key.protocol) {
    case Protocol::tcp:
        protocol = "tcp";
        break;
    case Protocol::udp:
        protocol = "udp";
        break;
    case Protocol::sctp:
        protocol = "sctp";
        break;
    }
    return key.address.to_string() + ":" + protocol + ":" + std::to_string(key.port);
}

std::string failure_message(const Command& command, std::error_code error) {
    std::string rule;
    switch (command.operation) {
    case Operation::add_service:
    case Operation::edit_service:
    case Operation::remove_service:
        rule = rule_text(command.service.key);
        break;
    case Operation::add_destination:
    case Operation::edit_destination:
    case Operation::remove_destination:
        rule = rule_text(command.service.key) + " -> " +
               address_text(command.destination.address, command.destination.port);
        break;
    case Operation::flush:
        break;
    }
    return message(logged_call(command.operation), error, rule);
}

std::string failure_message(LoggedCall call, std::error_code error) {
    return message(call, error, {});
}

std::string init_failure_message(std::error_code error) {
    // ipvs_init has no text of its own: the generic ones (flush has none either).
    return "IPVS: Can't initialize ipvs: " + error_text(LoggedCall::flush, error.value());
}

} // namespace vigil::ipvs
