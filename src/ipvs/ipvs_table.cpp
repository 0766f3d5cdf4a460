#include "ipvs/ipvs_table.hpp"

namespace vigil::ipvs {
namespace {

std::error_code run(IpvsTable& table, Operation operation, const Service* service, const ServiceKey* key,
                    const Destination* destination) noexcept {
    try {
        Command command;
        command.operation = operation;
        if (service != nullptr) {
            command.service = *service;
        } else if (key != nullptr) {
            command.service.key = *key;
        }
        if (destination != nullptr) {
            command.destination = *destination;
        }
        return table.execute(command);
    } catch (...) {
        return std::make_error_code(std::errc::not_enough_memory);
    }
}

} // namespace

std::error_code IpvsTable::add_service(const Service& service) noexcept {
    return run(*this, Operation::add_service, &service, nullptr, nullptr);
}

std::error_code IpvsTable::edit_service(const Service& service) noexcept {
    return run(*this, Operation::edit_service, &service, nullptr, nullptr);
}

std::error_code IpvsTable::remove_service(const ServiceKey& key) noexcept {
    return run(*this, Operation::remove_service, nullptr, &key, nullptr);
}

std::error_code IpvsTable::add_destination(const ServiceKey& key, const Destination& destination) noexcept {
    return run(*this, Operation::add_destination, nullptr, &key, &destination);
}

std::error_code IpvsTable::edit_destination(const ServiceKey& key, const Destination& destination) noexcept {
    return run(*this, Operation::edit_destination, nullptr, &key, &destination);
}

std::error_code IpvsTable::remove_destination(const ServiceKey& key, const Destination& destination) noexcept {
    return run(*this, Operation::remove_destination, nullptr, &key, &destination);
}

std::error_code IpvsTable::flush() noexcept {
    return run(*this, Operation::flush, nullptr, nullptr, nullptr);
}

} // namespace vigil::ipvs
