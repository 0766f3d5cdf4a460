#include "vrrpd/announce_queue.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace vigil;
using namespace vigil::runtime;
using namespace vigil::vrrpd;
using namespace std::chrono_literals;

namespace {
struct FakeAnnouncer final : arp::Announcer {
    std::vector<std::pair<net::IpAddress, Clock::time_point>> sent;
    std::error_code announce(const arp::AnnounceLink&, const net::IpAddress& a) noexcept override {
        sent.emplace_back(a, Clock::now());
        return {};
    }
};
} // namespace

TEST_CASE("announce queue: interval 0 waits for send_idle(), otherwise one frame per interval per interface") {
    EventLoop loop;
    FakeAnnouncer fake;
    AnnounceQueue q(loop, fake);
    const auto a = net::IpAddress::v4({192, 0, 2, 100});
    const auto b = net::IpAddress::v4({192, 0, 2, 101});
    q.send(2, "eth0", {}, a, 0us);
    q.send(2, "eth0", {}, b, 0us);
    CHECK(fake.sent.empty());
    CHECK(q.has_idle_work());
    q.send_idle(1);
    REQUIRE(fake.sent.size() == 1);
    CHECK(fake.sent[0].first == a);
    q.send_idle(16);
    REQUIRE(fake.sent.size() == 2);
    CHECK(fake.sent[1].first == b);
    CHECK_FALSE(q.has_idle_work());

    fake.sent.clear();
    for (int i = 0; i < 3; ++i) {
        q.send(3, "eth1", {}, a, 20ms);
        q.send(3, "eth1", {}, b, 20ms);
    }
    CHECK(fake.sent.size() == 1);
    const auto end = Clock::now() + 2s;
    while (fake.sent.size() < 6 && Clock::now() < end) {
        [[maybe_unused]] auto ec = loop.run_once(50ms);
    }
    REQUIRE(fake.sent.size() == 6);
    CHECK(fake.sent[1].first == b);
    CHECK(fake.sent[2].first == a);
    for (std::size_t i = 1; i < fake.sent.size(); ++i) {
        CHECK(fake.sent[i].second - fake.sent[i - 1].second >= 19ms);
    }
}
