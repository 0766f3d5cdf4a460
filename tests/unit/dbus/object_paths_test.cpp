// keepalived 2.2.7's D-Bus object paths (reference section 2.1).
#include "dbus/object_paths.hpp"

#include <doctest/doctest.h>

using namespace vigil::dbus;

TEST_CASE("the global object and instance objects") {
    CHECK(vrrp_object_path({}) == "/org/keepalived/Vrrp1/Vrrp");
    CHECK(instance_object_path({}, "eth0", 51, AddressFamily::ipv4) == "/org/keepalived/Vrrp1/Instance/eth0/51/IPv4");
    CHECK(instance_object_path({}, "br3516", 32, AddressFamily::ipv6) == "/org/keepalived/Vrrp1/Instance/br3516/32/IPv6");
    CHECK(instance_object_path({}, "none", 7, AddressFamily::ipv4) == "/org/keepalived/Vrrp1/Instance/none/7/IPv4");
}

TEST_CASE("net_namespace and instance go after /Vrrp1 (issue #877's path)") {
    const PathScope scope{"default", std::nullopt};
    CHECK(instance_object_path(scope, "br3516", 32, AddressFamily::ipv4) ==
          "/org/keepalived/Vrrp1/default/Instance/br3516/32/IPv4");
    CHECK(vrrp_object_path({"ns", "inst"}) == "/org/keepalived/Vrrp1/ns/inst/Vrrp");
}

TEST_CASE("characters outside A-Z a-z 0-9 become underscores") {
    CHECK(path_component("eth0.100") == "eth0_100");
    CHECK(path_component("vrrp-51@x") == "vrrp_51_x");
    CHECK(vrrp_object_path({"red-ns", std::nullopt}) == "/org/keepalived/Vrrp1/red_ns/Vrrp");
}

TEST_CASE("State property texts") {
    CHECK(state_text(0) == "Init");
    CHECK(state_text(1) == "Backup");
    CHECK(state_text(2) == "Master");
    CHECK(state_text(3) == "Fault");
    CHECK(state_text(98) == "Stop");
    CHECK(state_text(97) == "Deleted");
    CHECK(state_text(4) == "Unknown");
}
