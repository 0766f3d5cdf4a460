#pragma once
// What a simulation produces: the transitions of every instance on every node, the VIP
// moves, every advert sent (with what each receiver did with it), and the flags raised.
// Plain values; report.cpp prints them.

#include "net/ip_address.hpp"
#include "vrrp/timers.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::simulate {

// States as keepalived words them, plus DOWN for a node whose daemon is not running.
struct Transition {
    vrrp::Duration at{};
    std::string node;
    std::string instance;
    std::string from; // INIT, BACKUP, MASTER, FAULT, STOP, DOWN, DELETED (dropped by a reload)
    std::string to;
    std::string reason;
    int priority = 0; // effective priority after the transition (0 when DOWN)
};

enum class VipChange : std::uint8_t { added, removed };
struct VipMove {
    vrrp::Duration at{};
    std::string node;
    std::string instance;
    net::IpAddress address;
    VipChange change = VipChange::added;
};

struct AdvertSent {
    vrrp::Duration at{};
    std::string node;
    std::string instance;
    std::uint8_t vrid = 0;
    std::uint8_t priority = 0;
    std::uint8_t version = 2;
    net::Family family = net::Family::ipv4;
    std::string fate; // empty: delivered; else why no peer took it (lost, partition, ...)
};

struct Flag {
    vrrp::Duration at{};    // when it starts (0 for configuration flags)
    vrrp::Duration until{}; // when it ends (equal to `at` for instants and config flags)
    std::string kind;       // two-masters, no-master, weights, mismatch, dropped, ...
    std::string message;
};

struct Timeline {
    std::vector<Transition> transitions;
    std::vector<VipMove> vips;
    std::vector<AdvertSent> adverts;
    std::vector<Flag> flags;
    std::vector<std::string> diagnostics; // configuration errors and warnings, per node
    vrrp::Duration end{};
};

} // namespace vigil::simulate
