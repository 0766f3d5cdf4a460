// Decode + validate throughput: the receive path an advert takes before the state machine.
// Target: >= 1,000,000 adverts/s on one core (10x the 100k adverts/s requirement).
#include "bench.hpp"
#include "vrrp/codec.hpp"
#include "vrrp/validation.hpp"

#include <string>
#include <vector>

namespace vigil::bench {

namespace {

using namespace vigil::vrrp;
using namespace vigil::net;

IpAddress ip(const char* text) {
    return *IpAddress::parse(text);
}

struct Case {
    std::string name;
    std::vector<std::byte> bytes;
    Family family;
    Ipv6Envelope envelope;
    std::vector<IpAddress> vips;
    std::vector<UnicastPeer> peers;
    ReceiveExpectations expect;
};

Case ipv4_case(std::string name, std::uint8_t version, std::size_t vip_count, AuthType auth,
               IpAddress destination) {
    Case c;
    c.name = std::move(name);
    c.family = Family::ipv4;
    for (std::size_t i = 0; i < vip_count; ++i) {
        c.vips.push_back(IpAddress::v4(0xc0000264u + static_cast<std::uint32_t>(i)));
    }
    Advert advert;
    advert.version = version;
    advert.vrid = 51;
    advert.priority = 100;
    advert.addresses = c.vips;
    advert.auth_type = static_cast<std::uint8_t>(auth);
    if (auth == AuthType::pass) {
        advert.auth_data = {'s', 'e', 'c', 'r', 'e', 't', '1', '2'};
    }
    encode_ipv4(advert, {ip("192.0.2.1"), destination, 1}, c.bytes);
    c.expect.version = version;
    c.expect.auth_type = auth;
    c.expect.auth_data = advert.auth_data;
    if (!destination.is_multicast()) {
        c.peers.push_back({ip("192.0.2.1")});
        c.expect.check_unicast_src = UnicastSourceCheck::on;
    }
    return c;
}

Case ipv6_case() {
    Case c;
    c.name = "v3 IPv6, 2 VIPs";
    c.family = Family::ipv6;
    c.vips = {ip("fe80::56"), ip("2001:db8::100")};
    c.envelope = {ip("fe80::1"), vrrp_multicast_v6, 255};
    Advert advert;
    advert.vrid = 56;
    advert.addresses = c.vips;
    encode_ipv6(advert, c.envelope.source, c.envelope.destination, c.bytes);
    c.expect.version = 3;
    return c;
}

} // namespace

bool run_decode(std::chrono::nanoseconds per_case) {
    std::vector<Case> cases;
    cases.push_back(ipv4_case("v2 IPv4 multicast, 1 VIP", 2, 1, AuthType::none, vrrp_multicast_v4));
    cases.push_back(ipv4_case("v2 IPv4 PASS, 2 VIPs", 2, 2, AuthType::pass, vrrp_multicast_v4));
    cases.push_back(
        ipv4_case("v3 IPv4 multicast, 3 VIPs", 3, 3, AuthType::none, vrrp_multicast_v4));
    cases.push_back(ipv4_case("v3 IPv4 unicast, 1 VIP", 3, 1, AuthType::none, ip("192.0.2.2")));
    cases.push_back(
        ipv4_case("v2 IPv4 multicast, 20 VIPs", 2, 20, AuthType::none, vrrp_multicast_v4));
    cases.push_back(ipv6_case());

    bool ok = true;
    std::uint64_t accepted = 0;
    Result total;
    for (auto& c : cases) {
        c.expect.addresses = c.vips;
        c.expect.unicast_peers = c.peers;
        Decoded decoded;
        const Result result = measure(per_case, [&](std::uint64_t) {
            const DropReason reason = c.family == Family::ipv4
                                          ? decode_ipv4(c.bytes, decoded)
                                          : decode_ipv6(c.bytes, c.envelope, decoded);
            if (reason == DropReason::none && validate(decoded, c.expect).accepted()) {
                ++accepted;
            }
        });
        if (accepted != result.operations) {
            std::printf("decode   %s: %llu of %llu adverts rejected\n", c.name.c_str(),
                        static_cast<unsigned long long>(result.operations - accepted),
                        static_cast<unsigned long long>(result.operations));
            ok = false;
        }
        accepted = 0;
        print("decode", c.name, "advert", result);
        total.operations += result.operations;
        total.elapsed += result.elapsed;
    }
    print("decode", "all cases", "advert", total);
    const bool fast = total.per_second() >= 1'000'000;
    std::printf("decode   target >= 1000000 adverts/s on one core: %s\n", fast ? "met" : "MISSED");
    return ok && fast;
}

} // namespace vigil::bench
