#include "dbus/object_paths.hpp"

namespace vigil::dbus {
namespace {

std::string root(const PathScope& scope) {
    std::string out = "/org/keepalived/Vrrp1";
    for (const auto* part : {&scope.net_namespace, &scope.instance}) {
        if (*part) {
            out += '/';
            out += path_component(**part);
        }
    }
    return out;
}

} // namespace

std::string path_component(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) {
            c = '_';
        }
    }
    return out;
}

std::string vrrp_object_path(const PathScope& scope) { return root(scope) + "/Vrrp"; }

std::string instance_object_path(const PathScope& scope, std::string_view interface,
                                 unsigned vrid, AddressFamily family) {
    return root(scope) + "/Instance/" + path_component(interface) + '/' + std::to_string(vrid) +
           (family == AddressFamily::ipv6 ? "/IPv6" : "/IPv4");
}

std::string_view state_text(unsigned state) noexcept {
    switch (state) {
    case 0: return "Init";
    case 1: return "Backup";
    case 2: return "Master";
    case 3: return "Fault";
    case 98: return "Stop";
    case 97: return "Deleted";
    default: return "Unknown";
    }
}

} // namespace vigil::dbus
