#pragma once
// The IPVS tables the VM tests program through vigil::ipvs, each with what `ipvsadm -S -n`
// must show for it (ipvsadm sorts services and destinations, so the order of the commands does
// not matter).

#include "ipvs/ipvs_table.hpp"

#include <string>
#include <vector>

namespace vm_test {

using namespace vigil::ipvs;

inline IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

inline Service service(const ServiceKey& key, const char* scheduler) {
    Service s = Service::with_key(key);
    s.scheduler = scheduler;
    return s;
}

inline Service persistent(Service s, std::uint32_t timeout, std::uint32_t netmask) {
    s.flags |= service_flag::persistent;
    s.timeout = timeout;
    s.netmask = netmask;
    return s;
}

inline Destination destination(const char* address, std::uint16_t port, Forwarding forwarding,
                               std::int32_t weight = 1) {
    Destination d;
    d.address = ip(address);
    d.port = port;
    d.forwarding = forwarding;
    d.weight = weight;
    return d;
}

inline Destination tunnel(Destination d, TunnelType type, std::uint16_t port, std::uint16_t flags) {
    d.tunnel_type = type;
    d.tunnel_port = port;
    d.tunnel_flags = flags;
    return d;
}

// A table with a service or destination of every kind the boundary can program.
struct Table {
    std::vector<Command> commands;
    std::string ipvsadm_save; // ipvsadm -S -n (which leaves out connection thresholds)
};

inline void add(Table& t, const Service& s, std::vector<Destination> destinations) {
    t.commands.push_back({Operation::add_service, s, {}});
    for (const auto& d : destinations) {
        t.commands.push_back({Operation::add_destination, s, d});
    }
}

inline Table every_kind() {
    using F = Forwarding;
    Table t;
    const auto tcp80 = ServiceKey::of_address(Protocol::tcp, ip("192.0.2.1"), 80);
    Destination limited = destination("198.51.100.3", 80, F::tunnel);
    limited.upper_threshold = 100;
    limited.lower_threshold = 10;
    add(t, service(tcp80, "wlc"),
        {destination("198.51.100.1", 8080, F::masquerade, 3), destination("198.51.100.2", 80, F::direct_route, 0),
         limited});

    Service sh = persistent(service(ServiceKey::of_address(Protocol::udp, ip("192.0.2.2"), 53), "sh"), 300,
                            0xffffff00U);
    sh.flags |= service_flag::one_packet | service_flag::sched1 | service_flag::sched2;
    add(t, sh, {destination("198.51.100.4", 53, F::direct_route, 2)});

    Service sip = persistent(service(ServiceKey::of_address(Protocol::udp, ip("192.0.2.3"), 5060), "rr"), 30,
                             0xffffffffU);
    sip.persistence_engine = "sip";
    add(t, sip, {destination("198.51.100.5", 5060, F::masquerade)});

    add(t, service(ServiceKey::of_address(Protocol::sctp, ip("192.0.2.4"), 9), "lc"),
        {destination("198.51.100.6", 9, F::masquerade)});

    add(t, persistent(service(ServiceKey::of_address(Protocol::tcp, ip("192.0.2.5"), 0), "nq"), 3600, 0xffffffffU),
        {destination("198.51.100.8", 0, F::direct_route)});

    // An IPv4 service with an IPv6 tunnel destination (GUE, checksums).
    add(t, service(ServiceKey::of_address(Protocol::tcp, ip("192.0.2.6"), 80), "rr"),
        {tunnel(destination("2001:db8::30", 80, F::tunnel), TunnelType::gue, 6080, tunnel_flag::csum)});

    add(t, persistent(service(ServiceKey::of_address(Protocol::tcp, ip("2001:db8::10"), 443), "sed"), 120, 96),
        {destination("2001:db8::20", 8443, F::masquerade, 5)});

    add(t, service(ServiceKey::of_fwmark(Family::ipv4, 7), "wrr"),
        {tunnel(destination("198.51.100.7", 0, F::tunnel), TunnelType::gre, 0, tunnel_flag::csum)});

    Service mh = persistent(service(ServiceKey::of_fwmark(Family::ipv6, 8), "mh"), 60, 64);
    mh.flags |= service_flag::sched1 | service_flag::sched2;
    add(t, mh, {destination("2001:db8::40", 0, F::direct_route)});

    t.ipvsadm_save = "-A -t 192.0.2.1:80 -s wlc\n"
                     "-a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 3\n"
                     "-a -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 0\n"
                     "-a -t 192.0.2.1:80 -r 198.51.100.3:80 -i -w 1 --tun-type ipip\n"
                     "-A -t 192.0.2.5:0 -s nq -p 3600\n"
                     "-a -t 192.0.2.5:0 -r 198.51.100.8:0 -g -w 1\n"
                     "-A -t 192.0.2.6:80 -s rr\n"
                     "-a -t 192.0.2.6:80 -r [2001:db8::30]:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum\n"
                     "-A -u 192.0.2.2:53 -s sh -p 300 -M 255.255.255.0 -o -b sh-fallback,sh-port\n"
                     "-a -u 192.0.2.2:53 -r 198.51.100.4:53 -g -w 2\n"
                     "-A -u 192.0.2.3:5060 -s rr -p 30 --pe sip\n"
                     "-a -u 192.0.2.3:5060 -r 198.51.100.5:5060 -m -w 1\n"
                     "-A --sctp-service 192.0.2.4:9 -s lc\n"
                     "-a --sctp-service 192.0.2.4:9 -r 198.51.100.6:9 -m -w 1\n"
                     "-A -t [2001:db8::10]:443 -s sed -p 120 -M 96\n"
                     "-a -t [2001:db8::10]:443 -r [2001:db8::20]:8443 -m -w 5\n"
                     "-A -f 7 -s wrr\n"
                     "-a -f 7 -r 198.51.100.7:0 -i -w 1 --tun-type gre --tun-csum\n"
                     "-A -f 8 -6 -s mh -p 60 -M 64 -b mh-fallback,mh-port\n"
                     "-a -f 8 -6 -r [2001:db8::40]:0 -g -w 1\n";
    return t;
}

// What keepalived 2.2.7 programs for tests/vm/ipvs_keepalived.conf (written from the config by
// hand, following keepalived's rules: the default weight 1, DR/TUN destinations on the
// service's port, port 0 on fwmark services, persistence_granularity as the netmask).
inline Table keepalived_equivalent() {
    using F = Forwarding;
    Table t;
    Destination limited = destination("198.51.100.2", 8080, F::masquerade, 0);
    limited.upper_threshold = 100;
    limited.lower_threshold = 10;
    add(t, service(ServiceKey::of_address(Protocol::tcp, ip("192.0.2.10"), 80), "wrr"),
        {destination("198.51.100.1", 8080, F::masquerade, 3), limited});

    Service sh = persistent(service(ServiceKey::of_address(Protocol::udp, ip("192.0.2.11"), 53), "sh"), 300,
                            0xffffff00U);
    sh.flags |= service_flag::one_packet | service_flag::sched1 | service_flag::sched2;
    add(t, sh, {destination("198.51.100.3", 53, F::direct_route, 2)});

    Service sip = persistent(service(ServiceKey::of_address(Protocol::udp, ip("192.0.2.12"), 5060), "rr"), 30,
                             0xffffffffU);
    sip.persistence_engine = "sip";
    add(t, sip, {destination("198.51.100.4", 5060, F::masquerade)});

    add(t, service(ServiceKey::of_address(Protocol::sctp, ip("192.0.2.13"), 9), "lc"),
        {destination("198.51.100.5", 9, F::masquerade)});

    add(t, service(ServiceKey::of_fwmark(Family::ipv4, 7), "wlc"),
        {tunnel(destination("198.51.100.6", 0, F::tunnel), TunnelType::gre, 0, tunnel_flag::csum)});

    Service mh = persistent(service(ServiceKey::of_address(Protocol::tcp, ip("2001:db8::10"), 443), "mh"), 60, 64);
    mh.flags |= service_flag::sched2;
    add(t, mh,
        {destination("2001:db8::20", 8443, F::masquerade, 5),
         tunnel(destination("2001:db8::21", 443, F::tunnel), TunnelType::gue, 6080, tunnel_flag::csum)});

    add(t, service(ServiceKey::of_fwmark(Family::ipv6, 8), "sed"), {destination("2001:db8::40", 0, F::direct_route)});
    return t;
}

} // namespace vm_test
