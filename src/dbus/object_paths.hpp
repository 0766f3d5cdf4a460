#pragma once
// keepalived 2.2.7's D-Bus names (reference section 2.1): the well-known name, the two
// interfaces, and the object paths
//   /org/keepalived/Vrrp1[/NETNS][/INSTANCE]/Vrrp
//   /org/keepalived/Vrrp1[/NETNS][/INSTANCE]/Instance/IFNAME/VRID/IPv4|IPv6
// where NETNS is `net_namespace`, INSTANCE the top-level `instance` and IFNAME the
// instance's configured interface ("none" without one) with every character other than
// A-Z, a-z, 0-9 turned into '_' (keepalived leaves NETNS and INSTANCE as they are, which
// breaks registration when they hold such characters; vigil converts them too).

#include <optional>
#include <string>
#include <string_view>

namespace vigil::dbus {

inline constexpr std::string_view default_service_name = "org.keepalived.Vrrp1";
inline constexpr std::string_view vrrp_interface = "org.keepalived.Vrrp1.Vrrp";
inline constexpr std::string_view instance_interface = "org.keepalived.Vrrp1.Instance";

struct PathScope {
    std::optional<std::string> net_namespace;
    std::optional<std::string> instance;
};

enum class AddressFamily : unsigned char { ipv4, ipv6 };

std::string path_component(std::string_view text);
std::string vrrp_object_path(const PathScope& scope);
std::string instance_object_path(const PathScope& scope, std::string_view interface,
                                 unsigned vrid, AddressFamily family);

// The State property's text for keepalived's state numbers: Init, Backup, Master, Fault,
// Stop (98), Deleted (97), else Unknown.
std::string_view state_text(unsigned state) noexcept;

} // namespace vigil::dbus
