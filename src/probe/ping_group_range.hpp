#pragma once
// Unprivileged ICMP echo sockets need the process's group in
// /proc/sys/net/ipv4/ping_group_range. keepalived 2.2.7 (check_ping.c set_ping_group_range)
// lowers the range's start to 0 when a PING_CHECK is configured, logging
// "Warning: ... being expanded from A B to 0 B" when both bounds were above 1, and puts the
// start back when the checker stops.

#include <optional>
#include <string>

namespace vigil::probe {

class PingGroupRange {
public:
    explicit PingGroupRange(std::string path = "/proc/sys/net/ipv4/ping_group_range") : path_(std::move(path)) {}
    // Widens the range; returns the warning line to log, if any.
    std::optional<std::string> widen();
    // Restores the start saved by widen() (nothing if widen() changed nothing).
    void restore();

private:
    std::string path_;
    std::optional<unsigned long> saved_start_;
};

} // namespace vigil::probe
