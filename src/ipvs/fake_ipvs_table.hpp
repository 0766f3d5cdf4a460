#pragma once
// An in-memory IpvsTable with the kernel's rules (net/netfilter/ipvs/ip_vs_ctl.c of Linux
// 6.1, the kernel Debian 12 ships), for unit tests of the code that drives IPVS:
//  - the same errors in the same order of checks (EINVAL for malformed values, ESRCH for an
//    absent service, ERANGE for a negative weight or lower > upper threshold, EEXIST/ENOENT
//    for present/absent entries, ENOENT for an unknown scheduler or persistence engine);
//  - add_destination puts the destination first in its service's list, as the kernel does;
//    services list in the order they were added;
//  - an edit replaces every setting the command carries (service: scheduler, flags, timeout,
//    netmask, engine; destination: forwarding, weight, thresholds, tunnel);
//  - timeouts start at 900/120/300 and a 0 in set_timeouts() leaves one unchanged;
//  - a started sync daemon reports the kernel's defaults for what was left at 0.
// Every execute() is recorded in journal() with its result, so tests can assert what a
// component changed (and that it changed nothing else).

#include "ipvs/ipvs_table.hpp"

#include <utility>

namespace vigil::ipvs {

class FakeIpvsTable final : public IpvsTable {
public:
    struct Record {
        Command command;
        std::error_code result;
    };

    std::error_code execute(const Command& command) noexcept override;
    void execute_all(std::span<const Command> commands, std::span<std::error_code> results) noexcept override;
    std::error_code list_services(std::vector<ServiceEntry>& out) noexcept override;
    std::error_code get_service(const ServiceKey& key, ServiceEntry& out) noexcept override;
    std::error_code list_destinations(const ServiceKey& key, std::vector<DestinationEntry>& out) noexcept override;
    std::error_code get_timeouts(Timeouts& out) noexcept override;
    std::error_code set_timeouts(const Timeouts& timeouts) noexcept override;
    std::error_code start_sync_daemon(const SyncDaemon& daemon) noexcept override;
    std::error_code stop_sync_daemon(SyncRole role) noexcept override;
    std::error_code list_sync_daemons(std::vector<SyncDaemon>& out) noexcept override;
    std::error_code get_info(Info& out) noexcept override;

    // The next execute() fails with `error` without changing anything (then the rules apply
    // again): for tests of error handling.
    void fail_next(std::error_code error) noexcept { injected_ = error; }

    const std::vector<Record>& journal() const noexcept { return journal_; }
    void clear_journal() noexcept { journal_.clear(); }

    // Counters of a destination, as traffic would have set them (tests of readers).
    // False when the service or destination is absent.
    bool set_destination_counters(const ServiceKey& key, const Destination& destination,
                                  const DestinationEntry& counters) noexcept;

private:
    struct Entry {
        ServiceEntry service;
        std::vector<DestinationEntry> destinations; // newest first
    };

    std::error_code apply(const Command& command);
    std::error_code apply_destination(const Command& command, Entry& entry);
    Entry* find(const ServiceKey& key) noexcept;
    bool has_mixed_family() const noexcept;

    std::vector<Entry> services_;
    Timeouts timeouts_{900, 120, 300};
    std::optional<SyncDaemon> master_;
    std::optional<SyncDaemon> backup_;
    std::vector<Record> journal_;
    std::error_code injected_;
};

} // namespace vigil::ipvs
