#include "ipvs/fake_ipvs_table.hpp"

#include "ipvs/kernel_rules.hpp"

#include <algorithm>
#include <cerrno>

namespace vigil::ipvs {
namespace {

std::error_code errno_code(int value) noexcept {
    return {value, std::system_category()};
}

} // namespace

FakeIpvsTable::Entry* FakeIpvsTable::find(const ServiceKey& key) noexcept {
    for (auto& entry : services_) {
        if (entry.service.service.key == key) {
            return &entry;
        }
    }
    return nullptr;
}

bool FakeIpvsTable::has_mixed_family() const noexcept {
    for (const auto& entry : services_) {
        for (const auto& d : entry.destinations) {
            if (d.destination.address.family() != entry.service.service.key.family) {
                return true;
            }
        }
    }
    return false;
}

std::error_code FakeIpvsTable::execute(const Command& command) noexcept {
    std::error_code result;
    if (injected_) {
        result = std::exchange(injected_, {});
    } else {
        try {
            result = apply(command);
        } catch (...) {
            result = std::make_error_code(std::errc::not_enough_memory);
        }
    }
    try {
        journal_.push_back({command, result});
    } catch (...) {
        // The journal is a test aid: losing an entry under memory pressure changes no result.
    }
    return result;
}

void FakeIpvsTable::execute_all(std::span<const Command> commands, std::span<std::error_code> results) noexcept {
    if (commands.size() != results.size()) {
        return;
    }
    for (std::size_t i = 0; i < commands.size(); ++i) {
        results[i] = execute(commands[i]);
    }
}

std::error_code FakeIpvsTable::apply(const Command& command) {
    if (command.operation == Operation::flush) {
        services_.clear();
        return {};
    }
    const Service& service = command.service;
    // The kernel validates the attributes' lengths, then looks the service up.
    if (command.operation == Operation::add_service || command.operation == Operation::edit_service) {
        if (auto invalid = kernel_rules::check_service_names(service)) {
            return invalid;
        }
    }
    Entry* entry = find(service.key);
    if (command.operation != Operation::add_service && entry == nullptr) {
        return errno_code(ESRCH);
    }
    switch (command.operation) {
    case Operation::add_service: {
        if (entry != nullptr) {
            return errno_code(EEXIST);
        }
        if (auto refused = kernel_rules::check_service_settings(service)) {
            return refused;
        }
        Entry added;
        added.service.service = service;
        added.service.service.flags &= ~kernel_rules::hashed_flag;
        services_.push_back(std::move(added));
        return {};
    }
    case Operation::edit_service: {
        if (auto refused = kernel_rules::check_service_settings(service)) {
            return refused;
        }
        Service& stored = entry->service.service;
        stored.scheduler = service.scheduler;
        stored.flags = service.flags & ~kernel_rules::hashed_flag;
        stored.timeout = service.timeout;
        stored.netmask = service.netmask;
        stored.persistence_engine = service.persistence_engine;
        return {};
    }
    case Operation::remove_service:
        services_.erase(services_.begin() + (entry - services_.data()));
        return {};
    case Operation::add_destination:
    case Operation::edit_destination:
    case Operation::remove_destination:
        return apply_destination(command, *entry);
    case Operation::flush:
        break;
    }
    return errno_code(EINVAL);
}

std::error_code FakeIpvsTable::apply_destination(const Command& command, Entry& entry) {
    const Destination& wanted = command.destination;
    const Family service_family = entry.service.service.key.family;
    if (command.operation != Operation::remove_destination && wanted.address.family() != service_family) {
        // Mixed families: only tunnels, and never while a sync daemon runs.
        if (master_ || backup_ || wanted.forwarding != Forwarding::tunnel) {
            return errno_code(EINVAL);
        }
    }
    if (command.operation != Operation::remove_destination) {
        if (auto refused = kernel_rules::check_destination_settings(wanted)) {
            return refused;
        }
    }
    auto& list = entry.destinations;
    const auto it = std::find_if(list.begin(), list.end(), [&](const DestinationEntry& d) {
        return d.destination.same_identity(wanted);
    });
    switch (command.operation) {
    case Operation::add_destination: {
        if (it != list.end()) {
            return errno_code(EEXIST);
        }
        if (!kernel_rules::is_unicast(wanted.address)) {
            return errno_code(EINVAL);
        }
        DestinationEntry added;
        added.destination = wanted;
        list.insert(list.begin(), added);
        return {};
    }
    case Operation::edit_destination:
        if (it == list.end()) {
            return errno_code(ENOENT);
        }
        it->destination = wanted;
        return {};
    case Operation::remove_destination:
        if (it == list.end()) {
            return errno_code(ENOENT);
        }
        list.erase(it);
        return {};
    default:
        break;
    }
    return errno_code(EINVAL);
}

std::error_code FakeIpvsTable::list_services(std::vector<ServiceEntry>& out) noexcept {
    try {
        for (const auto& entry : services_) {
            out.push_back(entry.service);
        }
        return {};
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

std::error_code FakeIpvsTable::get_service(const ServiceKey& key, ServiceEntry& out) noexcept {
    const Entry* entry = find(key);
    if (entry == nullptr) {
        return errno_code(ESRCH);
    }
    try {
        out = entry->service;
        return {};
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

std::error_code FakeIpvsTable::list_destinations(const ServiceKey& key, std::vector<DestinationEntry>& out) noexcept {
    const Entry* entry = find(key);
    if (entry == nullptr) {
        return {};
    }
    try {
        out.insert(out.end(), entry->destinations.begin(), entry->destinations.end());
        return {};
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

std::error_code FakeIpvsTable::get_timeouts(Timeouts& out) noexcept {
    out = timeouts_;
    return {};
}

std::error_code FakeIpvsTable::set_timeouts(const Timeouts& timeouts) noexcept {
    for (const std::uint32_t value : {timeouts.tcp, timeouts.tcp_fin, timeouts.udp}) {
        if (value > kernel_rules::max_timeout_seconds) {
            return errno_code(EINVAL);
        }
    }
    if (timeouts.tcp != 0) {
        timeouts_.tcp = timeouts.tcp;
    }
    if (timeouts.tcp_fin != 0) {
        timeouts_.tcp_fin = timeouts.tcp_fin;
    }
    if (timeouts.udp != 0) {
        timeouts_.udp = timeouts.udp;
    }
    return {};
}

std::error_code FakeIpvsTable::start_sync_daemon(const SyncDaemon& daemon) noexcept {
    if (auto invalid = kernel_rules::check_sync_daemon(daemon)) {
        return invalid;
    }
    if (has_mixed_family()) {
        return errno_code(EINVAL);
    }
    auto& slot = daemon.role == SyncRole::master ? master_ : backup_;
    if (slot) {
        return errno_code(EEXIST);
    }
    try {
        slot = kernel_rules::with_sync_defaults(daemon);
        return {};
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

std::error_code FakeIpvsTable::stop_sync_daemon(SyncRole role) noexcept {
    auto& slot = role == SyncRole::master ? master_ : backup_;
    if (!slot) {
        return errno_code(ESRCH);
    }
    slot.reset();
    return {};
}

std::error_code FakeIpvsTable::list_sync_daemons(std::vector<SyncDaemon>& out) noexcept {
    try {
        for (const auto* slot : {&master_, &backup_}) {
            if (*slot) {
                out.push_back(**slot);
            }
        }
        return {};
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

std::error_code FakeIpvsTable::get_info(Info& out) noexcept {
    out = Info{kernel_rules::version_code, kernel_rules::default_connection_table_size};
    return {};
}

bool FakeIpvsTable::set_destination_counters(const ServiceKey& key, const Destination& destination,
                                             const DestinationEntry& counters) noexcept {
    Entry* entry = find(key);
    if (entry == nullptr) {
        return false;
    }
    for (auto& d : entry->destinations) {
        if (d.destination.same_identity(destination)) {
            d.active_connections = counters.active_connections;
            d.inactive_connections = counters.inactive_connections;
            d.persistent_connections = counters.persistent_connections;
            d.stats = counters.stats;
            return true;
        }
    }
    return false;
}

} // namespace vigil::ipvs
