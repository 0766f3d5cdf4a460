// The socket probes on the loopback interface: TCP connect to a listener and to a closed
// port, UDP with and without a reply, ICMP echo (when unprivileged ICMP sockets are allowed).
#include "probe/probe.hpp"
#include "udp/socket_address.hpp"

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>

namespace vigil::probe {

namespace {

net::IpAddress loopback() { return *net::IpAddress::parse("127.0.0.1"); }

// A bound socket of `type` on 127.0.0.1 and its port.
std::pair<UniqueFd, std::uint16_t> bound(int type) {
    UniqueFd fd(socket(AF_INET, type | SOCK_CLOEXEC, 0));
    const auto address = udp::make_socket_address(loopback(), 0);
    REQUIRE(bind(fd.get(), address.get(), address.length) == 0);
    sockaddr_in local{};
    socklen_t length = sizeof(local);
    getsockname(fd.get(), reinterpret_cast<sockaddr*>(&local), &length);
    return {std::move(fd), ntohs(local.sin_port)};
}

// Waits (at most 2 s) for the probe's socket, then lets it read the outcome.
Step wait(Probe& probe, Step step) {
    for (int i = 0; i < 20 && step.result == Result::pending; ++i) {
        pollfd p{probe.fd(), static_cast<short>(POLLIN | (probe.wants_write() ? POLLOUT : 0)), 0};
        if (poll(&p, 1, 100) == 1) {
            std::uint32_t events = 0;
            events |= (p.revents & POLLIN) != 0 ? EPOLLIN : 0U;
            events |= (p.revents & POLLOUT) != 0 ? EPOLLOUT : 0U;
            events |= (p.revents & POLLERR) != 0 ? EPOLLERR : 0U;
            step = probe.on_ready(events);
        }
    }
    step = step.result == Result::pending ? probe.on_timeout() : step;
    probe.close();
    return step;
}

} // namespace

TEST_CASE("TCP: a listener answers, a closed port fails") {
    auto [listener, port] = bound(SOCK_STREAM);
    REQUIRE(listen(listener.get(), 4) == 0);
    Probe probe;
    CHECK(wait(probe, probe.start_tcp(Target{loopback(), port})).result == Result::success);
    CHECK(probe.fd() == -1); // closed by wait()
    listener.reset();
    CHECK(wait(probe, probe.start_tcp(Target{loopback(), port})).result == Result::failed);
}

// The checker's loop can reach a deadline late (a burst of launches kept it busy longer than
// connect_timeout): what the socket already holds decides, not the deadline. Before this,
// every check of such a burst timed out (bench/lvs-checks, 10,000 real servers on a loaded
// machine).
TEST_CASE("TCP: a deadline reached after the answer came ends with that answer") {
    auto [listener, port] = bound(SOCK_STREAM);
    REQUIRE(listen(listener.get(), 4) == 0);
    Probe probe;
    Step step = probe.start_tcp(Target{loopback(), port});
    pollfd p{probe.fd(), POLLOUT, 0};
    REQUIRE(poll(&p, 1, 2000) == 1); // connected, but the caller has not looked yet
    if (step.result == Result::pending) {
        step = probe.on_timeout();
    }
    CHECK(step.result == Result::success);
    probe.close();

    auto [closed, closed_port] = bound(SOCK_STREAM); // bound, not listening: refused
    step = probe.start_tcp(Target{loopback(), closed_port});
    p = pollfd{probe.fd(), POLLOUT, 0};
    REQUIRE(poll(&p, 1, 2000) == 1);
    if (step.result == Result::pending) {
        step = probe.on_timeout();
    }
    CHECK(step.result == Result::failed);
    probe.close();

    // A listener whose queue is full drops the SYN: still connecting at the deadline.
    auto [full, full_port] = bound(SOCK_STREAM);
    REQUIRE(listen(full.get(), 0) == 0);
    Probe first;
    Probe second;
    REQUIRE(wait(first, first.start_tcp(Target{loopback(), full_port})).result == Result::success);
    // `first` is closed but its connection still waits in the queue; one more fills it.
    Probe filler_probe;
    (void)filler_probe.start_tcp(Target{loopback(), full_port});
    p = pollfd{filler_probe.fd(), POLLOUT, 0};
    (void)poll(&p, 1, 200);
    step = second.start_tcp(Target{loopback(), full_port});
    REQUIRE(step.result == Result::pending);
    p = pollfd{second.fd(), POLLOUT, 0};
    REQUIRE(poll(&p, 1, 100) == 0);
    CHECK(second.on_timeout().result == Result::timed_out);
}

TEST_CASE("UDP: silence passes unless a reply is required; port unreachable fails; replies are matched") {
    auto [server, port] = bound(SOCK_DGRAM);
    UdpRules rules;
    Probe probe;
    CHECK(probe.on_timeout().result == Result::timed_out); // nothing started: a plain timeout
    Step step = probe.start_udp(Target{loopback(), port}, rules);
    CHECK(step.result == Result::pending);
    CHECK(probe.on_timeout().result == Result::success);
    probe.close();
    std::array<char, 64> drain{};
    CHECK(recv(server.get(), drain.data(), drain.size(), 0) == 32);

    rules.require_reply = true;
    rules.reply = {'o', 'k'};
    step = probe.start_udp(Target{loopback(), port}, rules);
    std::array<char, 64> buffer{};
    sockaddr_storage from{};
    socklen_t from_length = sizeof(from);
    const auto n = recvfrom(server.get(), buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from),
                            &from_length);
    CHECK(n == 32); // keepalived's filler
    CHECK(std::string(buffer.data(), 19) == "keepalived check - ");
    sendto(server.get(), "ok!", 3, 0, reinterpret_cast<sockaddr*>(&from), from_length);
    CHECK(wait(probe, step).result == Result::success);

    step = probe.start_udp(Target{loopback(), port}, rules);
    from_length = sizeof(from);
    recvfrom(server.get(), buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_length);
    sendto(server.get(), "no", 2, 0, reinterpret_cast<sockaddr*>(&from), from_length);
    CHECK(wait(probe, step).result == Result::mismatch);

    server.reset();
    rules.require_reply = false;
    CHECK(wait(probe, probe.start_udp(Target{loopback(), port}, rules)).result == Result::failed);
}

TEST_CASE("UDP reply masks free the bits they name") {
    UdpRules rules;
    rules.reply = {0xa0, 0x0b};
    rules.reply_mask = {0x0f, 0x00};
    const std::array<std::uint8_t, 2> ok{0xa7, 0x0b};
    const std::array<std::uint8_t, 2> bad{0xb0, 0x0b};
    CHECK(udp_reply_matches(ok, rules));
    CHECK_FALSE(udp_reply_matches(bad, rules));
    rules.min_reply_length = 3;
    CHECK_FALSE(udp_reply_matches(ok, rules));
}

TEST_CASE("ICMP echo to the loopback address") {
    Probe probe;
    const Step step = probe.start_icmp(Target{loopback(), 0}, 1);
    if (step.result == Result::not_run) {
        MESSAGE("unprivileged ICMP sockets are not allowed here (ping_group_range)");
        return;
    }
    CHECK(wait(probe, step).result == Result::success);
}

} // namespace vigil::probe
