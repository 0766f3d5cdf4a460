// Root integration test of RawAdvertSocket: adverts built by the codec, sent from namespace
// "a" and received in namespace "b" over a veth pair, with the metadata the daemon needs.
#include "rawip/raw_advert_socket.hpp"
#include "io_netns.hpp"
#include "vrrp/codec.hpp"

#include <memory>
#include <net/if.h>
#include <poll.h>
#include <vector>

using namespace vigil;
using rawip::AdvertDestination;
using rawip::AdvertEndpoint;
using rawip::RawAdvertSocket;
using rawip::ReceiveBatch;
using rawip::ReceivedAdvert;
using io_test::run;

namespace {

net::IpAddress ip(const char* text) {
    return *net::IpAddress::parse(text);
}

struct Lab {
    Lab() {
        pair.enter_b();
        run("ip addr add 192.0.2.2/24 dev vgioB; ip addr add 2001:db8::2/64 dev vgioB");
        index_b = static_cast<int>(::if_nametoindex("vgioB"));
        link_local_b = link_local("vgioB");
        pair.enter_a();
        run("ip addr add 192.0.2.1/24 dev vgioA; ip addr add 2001:db8::1/64 dev vgioA");
        index_a = static_cast<int>(::if_nametoindex("vgioA"));
        link_local_a = link_local("vgioA");
    }

    static net::IpAddress link_local(const std::string& dev) {
        std::string out;
        REQUIRE(io_test::eventually([&] {
            out = run("ip -6 -o addr show dev " + dev + " scope link");
            return io_test::contains(out, "fe80::");
        }));
        const auto start = out.find("fe80::");
        return ip(out.substr(start, out.find('/', start) - start).c_str());
    }

    // Opens a socket for `e` in namespace a or b (sockets stay in the namespace they were
    // created in); the thread returns to a.
    std::unique_ptr<RawAdvertSocket> open_in_b(AdvertEndpoint e) {
        pair.enter_b();
        e.ifindex = index_b;
        auto s = std::make_unique<RawAdvertSocket>(e);
        pair.enter_a();
        return s;
    }
    std::unique_ptr<RawAdvertSocket> open_in_a(AdvertEndpoint e) {
        e.ifindex = index_a;
        return std::make_unique<RawAdvertSocket>(e);
    }

    io_test::NamespacePair pair;
    int index_a = 0;
    int index_b = 0;
    net::IpAddress link_local_a;
    net::IpAddress link_local_b;
};

// Waits up to `ms` for a packet on `socket`.
bool receive(RawAdvertSocket& socket, std::vector<std::byte>& buffer, ReceivedAdvert& out,
             int ms = 3000) {
    pollfd p{socket.fd(), POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) {
        return false;
    }
    return !socket.receive(buffer, out);
}

vrrp::Advert advert(std::uint8_t version, std::vector<net::IpAddress> addresses) {
    vrrp::Advert a;
    a.version = version;
    a.vrid = 51;
    a.priority = 100;
    a.addresses = std::move(addresses);
    return a;
}

} // namespace

TEST_CASE("IPv4 multicast advert: TTL 255, source, group, ifindex; unicast sockets ignore it") {
    Lab lab;
    auto rx = lab.open_in_b(AdvertEndpoint{});
    AdvertEndpoint unicast_ep{.unicast_source = ip("192.0.2.2")};
    auto rx_unicast = lab.open_in_b(unicast_ep);
    auto tx = lab.open_in_a(AdvertEndpoint{});

    std::vector<std::byte> packet;
    vrrp::encode_ipv4(advert(2, {ip("192.0.2.100")}),
                      vrrp::Ipv4Envelope{.source = ip("192.0.2.1"),
                                         .destination = vrrp::vrrp_multicast_v4,
                                         .id = 1},
                      packet);
    REQUIRE_FALSE(tx->send(packet, AdvertDestination{.address = vrrp::vrrp_multicast_v4}));

    std::vector<std::byte> buffer(2048);
    ReceivedAdvert got;
    REQUIRE(receive(*rx, buffer, got));
    CHECK(got.ttl == 255);
    CHECK(got.source == ip("192.0.2.1"));
    CHECK(got.destination == vrrp::vrrp_multicast_v4);
    CHECK(got.ifindex == lab.index_b);
    CHECK(got.packet.size() == packet.size());
    vrrp::Decoded decoded;
    CHECK(vrrp::decode_ipv4(got.packet, decoded) == vrrp::DropReason::none);
    CHECK(decoded.advert.vrid == 51);
    CHECK(decoded.advert.addresses == std::vector<net::IpAddress>{ip("192.0.2.100")});
    CHECK(static_cast<unsigned>(got.packet[1]) == 0xc0); // TOS as the codec built it

    std::vector<std::byte> other(2048);
    ReceivedAdvert none;
    CHECK_FALSE(receive(*rx_unicast, other, none, 200));
    CHECK(rx->receive(buffer, got) == std::errc::resource_unavailable_try_again);
}

TEST_CASE("IPv4 unicast advert: received by the unicast socket only") {
    Lab lab;
    AdvertEndpoint unicast_b{.unicast_source = ip("192.0.2.2")};
    auto rx = lab.open_in_b(unicast_b);
    auto rx_multicast = lab.open_in_b(AdvertEndpoint{});
    auto tx = lab.open_in_a(AdvertEndpoint{.unicast_source = ip("192.0.2.1")});

    std::vector<std::byte> packet;
    vrrp::encode_ipv4(
        advert(3, {ip("192.0.2.100")}),
        vrrp::Ipv4Envelope{.source = ip("192.0.2.1"), .destination = ip("192.0.2.2"), .id = 7},
        packet);
    // The peer's MAC must be resolvable: the first send may queue behind ARP.
    REQUIRE_FALSE(tx->send(packet, AdvertDestination{.address = ip("192.0.2.2")}));
    std::vector<std::byte> buffer(2048);
    ReceivedAdvert got;
    REQUIRE(receive(*rx, buffer, got));
    CHECK(got.ttl == 255);
    CHECK(got.source == ip("192.0.2.1"));
    CHECK(got.destination == ip("192.0.2.2"));
    CHECK(got.ifindex == lab.index_b);
    vrrp::Decoded decoded;
    CHECK(vrrp::decode_ipv4(got.packet, decoded) == vrrp::DropReason::none);
    CHECK(decoded.meta.cast == vrrp::Cast::unicast);

    std::vector<std::byte> other(2048);
    ReceivedAdvert none;
    CHECK_FALSE(receive(*rx_multicast, other, none, 200));
}

TEST_CASE("IPv6 multicast advert: hop limit 255 from ancillary data, kernel checksum") {
    Lab lab;
    AdvertEndpoint v6{.family = net::Family::ipv6, .multicast_group = vrrp::vrrp_multicast_v6};
    auto rx = lab.open_in_b(v6);
    auto tx = lab.open_in_a(v6);

    std::vector<std::byte> payload;
    vrrp::encode_ipv6(advert(3, {ip("fe80::100"), ip("2001:db8::100")}), lab.link_local_a,
                      vrrp::vrrp_multicast_v6, payload);
    payload[6] = payload[7] = std::byte{0}; // the kernel fills it (IPV6_CHECKSUM)
    REQUIRE_FALSE(tx->send(payload, AdvertDestination{.address = vrrp::vrrp_multicast_v6,
                                                      .source = lab.link_local_a}));
    std::vector<std::byte> buffer(2048);
    ReceivedAdvert got;
    REQUIRE(receive(*rx, buffer, got));
    CHECK(got.ttl == 255);
    CHECK(got.source == lab.link_local_a);
    CHECK(got.destination == vrrp::vrrp_multicast_v6);
    CHECK(got.ifindex == lab.index_b);
    vrrp::Decoded decoded;
    CHECK(vrrp::decode_ipv6(got.packet, vrrp::Ipv6Envelope{got.source, got.destination, got.ttl},
                            decoded) == vrrp::DropReason::none);
    CHECK(decoded.advert.addresses.size() == 2);
}

TEST_CASE("IPv6 unicast advert with a configured hop limit") {
    Lab lab;
    auto rx = lab.open_in_b(
        AdvertEndpoint{.family = net::Family::ipv6, .unicast_source = ip("2001:db8::2")});
    auto tx = lab.open_in_a(
        AdvertEndpoint{.family = net::Family::ipv6, .unicast_source = ip("2001:db8::1")});
    std::vector<std::byte> payload;
    vrrp::encode_ipv6(advert(3, {ip("2001:db8::100")}), ip("2001:db8::1"), ip("2001:db8::2"),
                      payload);
    REQUIRE_FALSE(tx->send(payload, AdvertDestination{.address = ip("2001:db8::2"),
                                                      .source = ip("2001:db8::1"),
                                                      .hop_limit = 200}));
    std::vector<std::byte> buffer(2048);
    ReceivedAdvert got;
    REQUIRE(receive(*rx, buffer, got));
    CHECK(got.ttl == 200);
    CHECK(got.source == ip("2001:db8::1"));
    CHECK(got.destination == ip("2001:db8::2"));
}

TEST_CASE("receive_batch: one call reads every pending advert with its metadata") {
    Lab lab;
    auto rx = lab.open_in_b(AdvertEndpoint{});
    auto tx = lab.open_in_a(AdvertEndpoint{});
    std::vector<std::vector<std::byte>> sent(3);
    for (std::size_t i = 0; i < sent.size(); ++i) {
        vrrp::Advert a = advert(3, {ip("192.0.2.100")});
        a.vrid = static_cast<std::uint8_t>(10 + i);
        vrrp::encode_ipv4(a,
                          vrrp::Ipv4Envelope{.source = ip("192.0.2.1"),
                                             .destination = vrrp::vrrp_multicast_v4,
                                             .id = static_cast<std::uint16_t>(i)},
                          sent[i]);
        REQUIRE_FALSE(tx->send(sent[i], AdvertDestination{.address = vrrp::vrrp_multicast_v4}));
    }
    pollfd p{rx->fd(), POLLIN, 0};
    REQUIRE(::poll(&p, 1, 3000) == 1);
    ReceiveBatch batch(2, 2048);
    std::vector<ReceivedAdvert> got;
    REQUIRE(io_test::eventually([&] {
        std::size_t count = 0;
        if (!rx->receive_batch(batch, count)) {
            for (std::size_t i = 0; i < count; ++i) {
                got.push_back(batch[i]);
                CHECK(batch[i].packet.data() >= batch.slot(0).data());
                CHECK(batch[i].ttl == 255);
                CHECK(batch[i].source == ip("192.0.2.1"));
                CHECK(batch[i].destination == vrrp::vrrp_multicast_v4);
                CHECK(batch[i].ifindex == lab.index_b);
                vrrp::Decoded decoded;
                CHECK(vrrp::decode_ipv4(batch[i].packet, decoded) == vrrp::DropReason::none);
                CHECK(decoded.advert.vrid == 10 + got.size() - 1);
            }
        }
        return got.size() >= 3;
    }));
    CHECK(got.size() == 3);
    std::size_t count = 9;
    CHECK(rx->receive_batch(batch, count) == std::errc::resource_unavailable_try_again);
    CHECK(count == 0);
}

TEST_CASE("receive_batch: IPv6 hop limit and addresses per packet") {
    Lab lab;
    AdvertEndpoint v6{.family = net::Family::ipv6, .multicast_group = vrrp::vrrp_multicast_v6};
    auto rx = lab.open_in_b(v6);
    auto tx = lab.open_in_a(v6);
    for (int i = 0; i < 2; ++i) {
        std::vector<std::byte> payload;
        vrrp::encode_ipv6(advert(3, {ip("fe80::100")}), lab.link_local_a, vrrp::vrrp_multicast_v6,
                          payload);
        payload[6] = payload[7] = std::byte{0};
        REQUIRE_FALSE(tx->send(payload, AdvertDestination{.address = vrrp::vrrp_multicast_v6,
                                                          .source = lab.link_local_a}));
    }
    ReceiveBatch batch(8, 2048);
    std::size_t total = 0;
    REQUIRE(io_test::eventually([&] {
        std::size_t count = 0;
        if (!rx->receive_batch(batch, count)) {
            for (std::size_t i = 0; i < count; ++i) {
                CHECK(batch[i].ttl == 255);
                CHECK(batch[i].source == lab.link_local_a);
                CHECK(batch[i].destination == vrrp::vrrp_multicast_v6);
                CHECK(batch[i].ifindex == lab.index_b);
            }
            total += count;
        }
        return total >= 2;
    }));
    CHECK(total == 2);
}
