#pragma once
// The kernel's IPVS table of one network namespace behind a small interface, so that the
// checker can be tested with FakeIpvsTable; the real one is NetlinkIpvsTable.
//
// Contract: every call is synchronous (it returns after the kernel's answer), never throws,
// and reports the kernel's errno as a std::error_code in the system category: EEXIST adding
// what is present, ESRCH for an absent service, ENOENT for an absent destination or an unknown
// scheduler or persistence engine, ERANGE/EINVAL for values the kernel refuses, ENOMEM when
// memory runs out here. Listing orders are the kernel's (not sorted).

#include "ipvs/command.hpp"
#include "ipvs/entries.hpp"
#include "ipvs/settings.hpp"

#include <span>
#include <system_error>
#include <vector>

namespace vigil::ipvs {

class IpvsTable {
public:
    virtual ~IpvsTable() = default;

    virtual std::error_code execute(const Command& command) noexcept = 0;
    // Carries out `commands` in order, as if by execute() one after the other, and stores each
    // result at the same index of `results` (the sizes must be equal, else nothing is done).
    // The real table pipelines the requests: thousands cost a few round trips.
    virtual void execute_all(std::span<const Command> commands, std::span<std::error_code> results) noexcept = 0;

    // Appends every service (ServiceEntry) of the namespace.
    virtual std::error_code list_services(std::vector<ServiceEntry>& out) noexcept = 0;
    // ESRCH when absent.
    virtual std::error_code get_service(const ServiceKey& key, ServiceEntry& out) noexcept = 0;
    // Appends the destinations of the service; none for an absent service (as the kernel's dump).
    virtual std::error_code list_destinations(const ServiceKey& key, std::vector<DestinationEntry>& out) noexcept = 0;

    virtual std::error_code get_timeouts(Timeouts& out) noexcept = 0;
    virtual std::error_code set_timeouts(const Timeouts& timeouts) noexcept = 0;

    // EEXIST when a daemon of that role runs; EINVAL while a destination's family differs
    // from its service's (the sync protocol cannot carry it).
    virtual std::error_code start_sync_daemon(const SyncDaemon& daemon) noexcept = 0;
    // ESRCH when no daemon of that role runs.
    virtual std::error_code stop_sync_daemon(SyncRole role) noexcept = 0;
    virtual std::error_code list_sync_daemons(std::vector<SyncDaemon>& out) noexcept = 0;

    virtual std::error_code get_info(Info& out) noexcept = 0;

    // The single commands, spelled out (execute() with a Command built here).
    std::error_code add_service(const Service& service) noexcept;
    std::error_code edit_service(const Service& service) noexcept;
    std::error_code remove_service(const ServiceKey& key) noexcept;
    std::error_code add_destination(const ServiceKey& key, const Destination& destination) noexcept;
    std::error_code edit_destination(const ServiceKey& key, const Destination& destination) noexcept;
    std::error_code remove_destination(const ServiceKey& key, const Destination& destination) noexcept;
    std::error_code flush() noexcept;

protected:
    IpvsTable() = default;
    IpvsTable(const IpvsTable&) = default;
    IpvsTable& operator=(const IpvsTable&) = default;
};

} // namespace vigil::ipvs
