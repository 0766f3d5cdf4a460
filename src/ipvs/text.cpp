// The names and text forms of the IPVS values (service.hpp, destination.hpp, settings.hpp,
// command.hpp).
#include "ipvs/command.hpp"
#include "ipvs/destination.hpp"
#include "ipvs/service.hpp"
#include "ipvs/settings.hpp"

namespace vigil::ipvs {
namespace {

std::string address_and_port(const IpAddress& address, std::uint16_t port) {
    const std::string text = address.to_string();
    return (address.family() == Family::ipv6 ? "[" + text + "]" : text) + ":" + std::to_string(port);
}

} // namespace

const char* protocol_name(Protocol protocol) noexcept {
    switch (protocol) {
    case Protocol::tcp:
        return "TCP";
    case Protocol::udp:
        return "UDP";
    case Protocol::sctp:
        return "SCTP";
    }
    return "?";
}

ServiceKey ServiceKey::of_address(Protocol protocol, const IpAddress& address, std::uint16_t port) noexcept {
    ServiceKey key;
    key.family = address.family();
    key.protocol = protocol;
    key.address = address;
    key.port = port;
    return key;
}

ServiceKey ServiceKey::of_fwmark(Family family, std::uint32_t fwmark) noexcept {
    ServiceKey key;
    key.family = family;
    key.fwmark = fwmark;
    key.address = IpAddress{family, {}};
    return key;
}

std::string ServiceKey::to_string() const {
    if (is_fwmark()) {
        return "FWM " + std::to_string(fwmark) + (family == Family::ipv6 ? " IPv6" : "");
    }
    return std::string(protocol_name(protocol)) + " " + address_and_port(address, port);
}

Service Service::with_key(const ServiceKey& key) {
    Service service;
    service.key = key;
    service.netmask = default_netmask(key.family);
    return service;
}

const char* forwarding_name(Forwarding forwarding) noexcept {
    switch (forwarding) {
    case Forwarding::masquerade:
        return "Masq";
    case Forwarding::local:
        return "Local";
    case Forwarding::tunnel:
        return "Tunnel";
    case Forwarding::direct_route:
        return "Route";
    case Forwarding::bypass:
        return "Bypass";
    }
    return "?";
}

std::string Destination::to_string() const {
    return address_and_port(address, port);
}

const char* sync_role_name(SyncRole role) noexcept {
    switch (role) {
    case SyncRole::master:
        return "master";
    case SyncRole::backup:
        return "backup";
    }
    return "?";
}

std::string Info::version_string() const {
    return std::to_string((version >> 16) & 0xffU) + "." + std::to_string((version >> 8) & 0xffU) + "." +
           std::to_string(version & 0xffU);
}

const char* operation_name(Operation operation) noexcept {
    switch (operation) {
    case Operation::add_service:
        return "add_service";
    case Operation::edit_service:
        return "edit_service";
    case Operation::remove_service:
        return "remove_service";
    case Operation::add_destination:
        return "add_destination";
    case Operation::edit_destination:
        return "edit_destination";
    case Operation::remove_destination:
        return "remove_destination";
    case Operation::flush:
        return "flush";
    }
    return "?";
}

} // namespace vigil::ipvs
