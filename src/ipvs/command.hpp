#pragma once
// One change to the IPVS table as data: what the checker engine asks for and what an
// IpvsTable carries out (one generic netlink request each).

#include "ipvs/destination.hpp"
#include "ipvs/service.hpp"

#include <cstdint>

namespace vigil::ipvs {

enum class Operation : std::uint8_t {
    add_service,        // IPVS_CMD_NEW_SERVICE: EEXIST if present
    edit_service,       // IPVS_CMD_SET_SERVICE: scheduler, flags, timeout, netmask, engine
    remove_service,     // IPVS_CMD_DEL_SERVICE: with its destinations
    add_destination,    // IPVS_CMD_NEW_DEST: EEXIST if present
    edit_destination,   // IPVS_CMD_SET_DEST: forwarding, weight, thresholds, tunnel; ENOENT if absent
    remove_destination, // IPVS_CMD_DEL_DEST: ENOENT if absent
    flush,              // IPVS_CMD_FLUSH: every service of the network namespace
};

const char* operation_name(Operation operation) noexcept; // "add_service", ...

// `service` is the whole service for add/edit_service and only its key otherwise (flush uses
// neither); `destination` is used by the destination operations (remove: its address and port).
// Every operation but add_service and flush fails with ESRCH when the service is absent.
struct Command {
    Operation operation = Operation::flush;
    Service service;
    Destination destination;

    friend bool operator==(const Command&, const Command&) = default;
};

} // namespace vigil::ipvs
