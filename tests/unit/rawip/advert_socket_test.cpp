// AdvertSocket::receive_batch's default (one receive() per packet) and ReceiveBatch.
#include "rawip/advert_socket.hpp"

#include <cstring>
#include <deque>
#include <doctest/doctest.h>
#include <vector>

using namespace vigil;
using rawip::AdvertDestination;
using rawip::AdvertSocket;
using rawip::ReceiveBatch;
using rawip::ReceivedAdvert;

namespace {

// Delivers queued packets of the given sizes (filled with their size as a byte); a size above
// the offered buffer fails with message_size and is consumed, as a raw socket does.
class QueueSocket final : public AdvertSocket {
public:
    int fd() const noexcept override { return -1; }
    std::error_code receive(std::span<std::byte> buffer, ReceivedAdvert& out) noexcept override {
        ++calls;
        if (pending.empty()) {
            return std::make_error_code(std::errc::resource_unavailable_try_again);
        }
        const std::size_t size = pending.front();
        pending.pop_front();
        if (size > buffer.size()) {
            return std::make_error_code(std::errc::message_size);
        }
        std::memset(buffer.data(), static_cast<int>(size), size);
        out = ReceivedAdvert{};
        out.packet = buffer.first(size);
        out.ifindex = 7;
        return {};
    }
    std::error_code send(std::span<const std::byte>, const AdvertDestination&) noexcept override {
        return {};
    }
    std::deque<std::size_t> pending;
    int calls = 0;
};

} // namespace

TEST_CASE("ReceiveBatch: separate slots of the given size") {
    ReceiveBatch batch(4, 100);
    CHECK(batch.slots() == 4);
    CHECK(batch.slot(0).size() == 100);
    CHECK(batch.slot(1).data() == batch.slot(0).data() + 100);
    CHECK(batch.slot(3).data() + 100 == batch.slot(0).data() + 400);
}

TEST_CASE("receive_batch default: fills up to the slot count, in order") {
    QueueSocket socket;
    socket.pending = {10, 20, 30, 40, 50};
    ReceiveBatch batch(3, 64);
    std::size_t count = 99;
    CHECK_FALSE(socket.receive_batch(batch, count));
    REQUIRE(count == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(batch[i].packet.size() == 10 * (i + 1));
        CHECK(batch[i].packet[0] == std::byte(10 * (i + 1)));
        CHECK(batch[i].ifindex == 7);
    }
    CHECK_FALSE(socket.receive_batch(batch, count));
    REQUIRE(count == 2); // fewer than slots: drained
    CHECK(batch[0].packet.size() == 40);
    CHECK(batch[1].packet.size() == 50);
    CHECK(socket.receive_batch(batch, count) == std::errc::resource_unavailable_try_again);
    CHECK(count == 0);
}

TEST_CASE("receive_batch default: oversize packets are dropped, not counted") {
    QueueSocket socket;
    socket.pending = {100, 10, 100, 20};
    ReceiveBatch batch(4, 64);
    std::size_t count = 0;
    CHECK_FALSE(socket.receive_batch(batch, count));
    REQUIRE(count == 2);
    CHECK(batch[0].packet.size() == 10);
    CHECK(batch[1].packet.size() == 20);
    CHECK(socket.pending.empty());
}
