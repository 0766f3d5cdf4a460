// BFD's UDP sockets in a private network namespace pair: what goes on the wire (port,
// TTL) and what the listener reports (source, destination, TTL), for IPv4 and IPv6.
#include "bfd/codec.hpp"
#include "io_netns.hpp"
#include "udp/bfd_listener.hpp"
#include "udp/bfd_sender.hpp"

#include <poll.h>

using namespace vigil;

namespace {

bfd::SessionSettings session(const char* neighbor, const char* source) {
    bfd::SessionSettings s;
    s.name = "B1";
    s.neighbor = *net::IpAddress::parse(neighbor);
    if (source != nullptr) {
        s.source = *net::IpAddress::parse(source);
    }
    return s;
}

std::vector<std::byte> control_packet() {
    bfd::ControlPacket p;
    p.detect_mult = 3;
    p.my_discriminator = 0x01020304;
    std::vector<std::byte> bytes;
    bfd::encode(p, bytes);
    return bytes;
}

std::optional<bfd::ReceivedPacket> wait_read(udp::BfdListener& listener) {
    pollfd pfd{listener.fd(), POLLIN, 0};
    if (::poll(&pfd, 1, 2000) != 1) {
        return std::nullopt;
    }
    return listener.read();
}

void addresses() {
    io_test::run("ip addr add 192.0.2.2/24 dev vgioB; ip addr add 2001:db8::2/64 dev vgioB nodad");
}

} // namespace

TEST_CASE("source port range: ip_local_port_range intersected with 49152-65535") {
    CHECK(udp::source_port_range(32768, 60999) == udp::PortRange{49152, 60999});
    CHECK(udp::source_port_range(1024, 65535) == udp::PortRange{49152, 65535});
    // Fewer than 1024 ports left: the whole RFC 5881 range.
    CHECK(udp::source_port_range(60000, 60999) == udp::PortRange{49152, 65535});
    CHECK(udp::source_port_range(20000, 30000) == udp::PortRange{49152, 65535});
}

TEST_CASE("IPv4: TTL 255 on the wire, source port in range, destination reported") {
    io_test::NamespacePair pair;
    pair.enter_b();
    addresses();
    std::string error;
    auto listener = udp::BfdListener::open(bfd::Hop::single, error);
    REQUIRE_MESSAGE(listener, error);
    pair.enter_a();
    io_test::run("ip addr add 192.0.2.1/24 dev vgioA; ip addr add 2001:db8::1/64 dev vgioA nodad");
    auto sender = udp::BfdSender::open(session("192.0.2.2", "192.0.2.1"),
                                       udp::read_source_port_range(), 12345, error);
    REQUIRE_MESSAGE(sender, error);
    CHECK(sender->source_port() >= 49152);
    const auto bytes = control_packet();
    REQUIRE(sender->send(bytes));
    const auto got = wait_read(*listener);
    REQUIRE(got);
    CHECK(got->source.to_string() == "192.0.2.1");
    CHECK(got->source_port == sender->source_port());
    REQUIRE(got->destination);
    CHECK(got->destination->to_string() == "192.0.2.2");
    CHECK(got->ttl == 255);
    CHECK(got->hop == bfd::Hop::single);
    CHECK(std::equal(got->payload.begin(), got->payload.end(), bytes.begin(), bytes.end()));
}

TEST_CASE("IPv6 without a source address: hop limit 255, port in range") {
    io_test::NamespacePair pair;
    pair.enter_b();
    addresses();
    std::string error;
    auto listener = udp::BfdListener::open(bfd::Hop::single, error);
    REQUIRE_MESSAGE(listener, error);
    pair.enter_a();
    io_test::run("ip addr add 2001:db8::1/64 dev vgioA nodad");
    auto sender =
        udp::BfdSender::open(session("2001:db8::2", nullptr), udp::rfc5881_ports, 7, error);
    REQUIRE_MESSAGE(sender, error);
    CHECK(sender->source_port() == 49152 + 7);
    REQUIRE(sender->send(control_packet()));
    const auto got = wait_read(*listener);
    REQUIRE(got);
    CHECK(got->source.to_string() == "2001:db8::1");
    CHECK(got->destination->to_string() == "2001:db8::2");
    CHECK(got->ttl == 255);
}

TEST_CASE("a configured TTL is used; a busy port is skipped; multihop uses 4784") {
    io_test::NamespacePair pair;
    pair.enter_b();
    addresses();
    std::string error;
    auto listener = udp::BfdListener::open(bfd::Hop::multi, error);
    REQUIRE_MESSAGE(listener, error);
    pair.enter_a();
    io_test::run("ip addr add 192.0.2.1/24 dev vgioA");
    auto settings = session("192.0.2.2", "192.0.2.1");
    settings.send_ttl = 200;
    settings.hop = bfd::Hop::multi;
    auto first = udp::BfdSender::open(settings, udp::rfc5881_ports, 0, error);
    REQUIRE_MESSAGE(first, error);
    auto second = udp::BfdSender::open(settings, udp::rfc5881_ports, 0, error);
    REQUIRE_MESSAGE(second, error);
    CHECK(first->source_port() == 49152);
    CHECK(second->source_port() == 49153);
    REQUIRE(second->send(control_packet()));
    const auto got = wait_read(*listener);
    REQUIRE(got);
    CHECK(got->ttl == 200);
    CHECK(got->hop == bfd::Hop::multi);
}

TEST_CASE("a source address that is not local cannot be bound") {
    io_test::NamespacePair pair;
    std::string error;
    auto sender =
        udp::BfdSender::open(session("192.0.2.2", "192.0.2.77"), udp::rfc5881_ports, 0, error);
    CHECK_FALSE(sender);
    CHECK(error == "bind() error (Cannot assign requested address)");
}
