#include "udp/port_range.hpp"

#include <cstdio>

namespace vigil::udp {

PortRange read_source_port_range() noexcept {
    std::FILE* file = std::fopen("/proc/sys/net/ipv4/ip_local_port_range", "re");
    if (file == nullptr) {
        return rfc5881_ports;
    }
    unsigned low = 0;
    unsigned high = 0;
    const int fields = std::fscanf(file, "%u %u", &low, &high);
    std::fclose(file);
    if (fields != 2) {
        return rfc5881_ports;
    }
    return source_port_range(low, high);
}

} // namespace vigil::udp
