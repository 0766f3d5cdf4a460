// The BFD child's pure parts: bfd_instance blocks as session settings, the SIGUSR1 dump.
#include "bfd/session_table.hpp"
#include "bfdd/dump.hpp"
#include "bfdd/session_config.hpp"

#include <doctest/doctest.h>

using namespace vigil;
using namespace std::chrono_literals;

namespace {

config::BfdInstance block(const char* name, const char* neighbor) {
    config::BfdInstance b;
    b.name_ = name;
    b.neighbor_ = net::IpAddress::parse(neighbor);
    b.runs_ = true;
    return b;
}

class FixedRandom : public bfd::RandomSource {
public:
    std::uint32_t next() noexcept override { return 0x1234; }
};

} // namespace

TEST_CASE("keepalived's defaults become the core's") {
    const auto s = bfdd::session_settings(block("B1", "192.0.2.2"));
    CHECK(s.name == "B1");
    CHECK(s.neighbor.to_string() == "192.0.2.2");
    CHECK_FALSE(s.source);
    CHECK(s.required_min_rx == 10ms);
    CHECK(s.desired_min_tx == 10ms);
    CHECK(s.idle_min_tx == 1s);
    CHECK(s.detect_mult == 5);
    CHECK(s.role == bfd::Role::active);
    CHECK(s.hop == bfd::Hop::single);
    CHECK(s.send_ttl == 255);
    CHECK(s.min_received_ttl == 255);
    CHECK(s.consumers == bfd::Consumers::both);
}

TEST_CASE("IPv6: hop limit 255 on the wire, keepalived's 64 as the receive minimum") {
    const auto s = bfdd::session_settings(block("B6", "2001:db8::2"));
    CHECK(s.send_ttl == 255);
    CHECK(s.min_received_ttl == 64);
    auto explicit_limit = block("B6", "2001:db8::2");
    explicit_limit.ttl_ = 200;
    explicit_limit.max_hops_ = 10;
    const auto e = bfdd::session_settings(explicit_limit);
    CHECK(e.send_ttl == 200);
    CHECK(e.min_received_ttl == 190);
}

TEST_CASE("max_hops: ttl - max_hops, -1 or a value reaching the TTL turns the check off") {
    auto b = block("B1", "192.0.2.2");
    b.max_hops_ = 1;
    CHECK(bfdd::session_settings(b).min_received_ttl == 254);
    b.max_hops_ = -1;
    CHECK(bfdd::session_settings(b).min_received_ttl == 0);
    b.max_hops_ = 255;
    CHECK(bfdd::session_settings(b).min_received_ttl == 0);
}

TEST_CASE("timers, passive, consumers, and which blocks run") {
    auto b = block("B1", "192.0.2.2");
    b.source_ = net::IpAddress::parse("192.0.2.1");
    b.min_rx_ = 300ms;
    b.min_tx_ = 200ms;
    b.idle_tx_ = 2s;
    b.multiplier_ = 3;
    b.passive_ = true;
    b.notify_vrrp_ = true;
    const auto s = bfdd::session_settings(b);
    CHECK(s.source->to_string() == "192.0.2.1");
    CHECK(s.required_min_rx == 300ms);
    CHECK(s.desired_min_tx == 200ms);
    CHECK(s.idle_min_tx == 2s);
    CHECK(s.detect_mult == 3);
    CHECK(s.role == bfd::Role::passive);
    CHECK(s.consumers == bfd::Consumers::vrrp);

    config::Config cfg;
    cfg.bfd_instances_ = {block("B1", "192.0.2.2"), block("B2", "192.0.2.3"), block("B3", "192.0.2.4")};
    cfg.bfd_instances_[1].runs_ = false; // e.g. a duplicate neighbour
    const auto all = bfdd::session_settings(cfg);
    REQUIRE(all.size() == 2);
    CHECK(all[0].name == "B1");
    CHECK(all[1].name == "B3");
}

TEST_CASE("keepalived_bfd.data lists configuration and state") {
    FixedRandom random;
    bfd::SessionTable table{random};
    bfd::Actions out;
    const bfd::TimePoint now{std::chrono::seconds{100}};
    table.configure({bfdd::session_settings(block("B1", "192.0.2.2"))}, now, out);
    const auto model = block("B1", "192.0.2.2");
    const std::vector<bfdd::DumpedSession> sessions{{&table.session(0), &model, 7, false}};
    const std::string text = bfdd::format_bfd_data("", 5, sessions, std::chrono::system_clock::now(), now);
    CHECK(text.find("------< BFD Data >------\n fd_in = 5\n thread_in = 0x0x") == 0);
    CHECK(text.find("\n------< BFD Topology >------\n BFD Instance = B1\n") != std::string::npos);
    CHECK(text.find("   Neighbor IP = 192.0.2.2\n") != std::string::npos);
    CHECK(text.find("   Required min RX interval = 10000 us\n") != std::string::npos);
    CHECK(text.find("   TTL = 255\n   max_hops = 0\n   passive = false\n") != std::string::npos);
    CHECK(text.find("   fd_out 7\n   thread_open_fd_out 0x(nil)\n   thread_out 0x") != std::string::npos);
    CHECK(text.find("   thread_rst 0x(nil)\n   sands_rst = [disabled]\n") != std::string::npos);
    CHECK(text.find("   remote tx intv = 0 us\n") != std::string::npos);
    CHECK(text.find("   local state = Down\n   remote state = Down\n") != std::string::npos);
    CHECK(text.find("   local discriminator = 0x1234\n") != std::string::npos);
    CHECK(text.find("   !poll, !final\n") != std::string::npos);
    CHECK(text.find("   last_seen = [never]\n") != std::string::npos);
}
