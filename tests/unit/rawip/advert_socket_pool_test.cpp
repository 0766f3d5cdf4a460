#include "rawip/advert_socket_pool.hpp"

#include <doctest/doctest.h>
#include <vector>

using namespace vigil;
using rawip::AdvertDestination;
using rawip::AdvertEndpoint;
using rawip::AdvertSocket;
using rawip::AdvertSocketPool;
using rawip::ReceivedAdvert;

namespace {

// A fake socket: counts what is sent.
class FakeSocket final : public AdvertSocket {
public:
    explicit FakeSocket(int* alive) : alive_(alive) { ++*alive_; }
    ~FakeSocket() override { --*alive_; }
    int fd() const noexcept override { return -1; }
    std::error_code receive(std::span<std::byte>, ReceivedAdvert&) noexcept override {
        return std::make_error_code(std::errc::resource_unavailable_try_again);
    }
    std::error_code send(std::span<const std::byte>, const AdvertDestination&) noexcept override {
        ++sent;
        return {};
    }
    int sent = 0;

private:
    int* alive_;
};

} // namespace

TEST_CASE("the pool shares one socket per endpoint and closes it with its last user") {
    int alive = 0;
    int opened = 0;
    AdvertSocketPool pool([&](const AdvertEndpoint&) {
        ++opened;
        return std::make_unique<FakeSocket>(&alive);
    });
    const AdvertEndpoint eth0{.ifindex = 2};
    const AdvertEndpoint eth0_v6{
        .ifindex = 2, .family = net::Family::ipv6, .multicast_group = vrrp::vrrp_multicast_v6};
    AdvertEndpoint eth0_unicast{.ifindex = 2};
    eth0_unicast.unicast_source = *net::IpAddress::parse("192.0.2.1");

    AdvertSocket& a = pool.acquire(eth0);
    AdvertSocket& b = pool.acquire(eth0);
    CHECK(&a == &b);
    CHECK(&pool.acquire(eth0_v6) != &a);
    CHECK(&pool.acquire(eth0_unicast) != &a);
    CHECK(opened == 3);
    CHECK(alive == 3);
    CHECK(pool.find(eth0) == &a);

    pool.release(eth0);
    CHECK(pool.find(eth0) == &a);
    pool.release(eth0);
    CHECK(pool.find(eth0) == nullptr);
    CHECK(alive == 2);
    pool.release(eth0); // unknown: ignored
    CHECK(pool.size() == 2);
}

TEST_CASE("a factory failure leaves the pool unchanged") {
    AdvertSocketPool pool([](const AdvertEndpoint&) -> std::unique_ptr<AdvertSocket> {
        throw std::system_error(std::make_error_code(std::errc::operation_not_permitted));
    });
    CHECK_THROWS_AS(pool.acquire(AdvertEndpoint{}), std::system_error);
    CHECK(pool.size() == 0);
}
