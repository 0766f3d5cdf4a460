#pragma once
// One attempt of a socket health check, as keepalived 2.2.7 makes it (core/layer4.c,
// check/check_tcp.c, check_udp.c, check_ping.c): a non-blocking socket the caller watches in
// its event loop, never a thread. Each probe is started, then ended by an event on its fd
// or by its timeout (connect_timeout), whichever comes first.
//
// Contract:
//  - start() opens the socket and begins the attempt. `Step::pending`: watch fd() for
//    reading (and writing when wants_write()) until then call on_ready(); otherwise the
//    attempt is already over.
//  - on_ready(events) reads the outcome; it may say pending again (a spurious wake-up).
//  - on_timeout() ends a pending attempt at its deadline; an answer already waiting on the
//    socket (the caller reached the deadline late) is that answer's result, not a timeout.
//  - Over (any result but pending): the socket stays open until close(), so that the caller
//    stops watching it first.
//  - Never throws; `log` carries keepalived's lines for failures to run the attempt.

#include "net/ip_address.hpp"
#include "probe/target.hpp"
#include "util/unique_fd.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::probe {

enum class Result : std::uint8_t {
    pending,
    success,
    failed,    // refused, unreachable, an ICMP error, a reply rejected by the ICMP type
    timed_out, // no answer before the deadline
    mismatch,  // UDP: a reply the lengths or require_reply reject
    not_run,   // no attempt: no socket, or binding failed ("Rescheduling.")
};

// A socket call that failed with errno `code` (UDP_CHECK's connect or send). keepalived logs
// "<call> error <code> - <strerror>" with -D, once per change of errno for each checker
// (layer4.c): the caller, which keeps the checker's last errno, decides.
struct SocketError {
    std::string_view call; // "UDP connect", "UDP send"; empty: none
    int code = 0;
};

struct Step {
    Result result = Result::pending;
    std::string log; // a line to log (keepalived's wording), or empty
    SocketError error{};
};

// UDP_CHECK's payload and reply rules.
struct UdpRules {
    std::vector<std::uint8_t> payload; // empty: keepalived's filler
    bool require_reply = false;
    std::vector<std::uint8_t> reply;      // expected bytes (compared up to the reply length)
    std::vector<std::uint8_t> reply_mask; // per byte, the bits that may differ; empty: none
    unsigned min_reply_length = 0;
    unsigned max_reply_length = 255;
};

enum class Kind : std::uint8_t { tcp, udp, icmp };

class Probe {
public:
    Step start_tcp(const Target& target);
    Step start_udp(const Target& target, const UdpRules& rules);
    // `sequence` numbers the echo requests (keepalived counts them per process).
    Step start_icmp(const Target& target, std::uint16_t sequence);

    Step on_ready(std::uint32_t events);
    Step on_timeout();
    // Closes the socket: after an attempt is over, or to drop it (reload, shutdown).
    void close() noexcept { fd_.reset(); }

    [[nodiscard]] int fd() const noexcept { return fd_.get(); }
    [[nodiscard]] bool wants_write() const noexcept { return kind_ == Kind::tcp; }
    [[nodiscard]] Kind kind() const noexcept { return kind_; }

private:
    static Step finish(Result result, std::string log = {});
    Step tcp_ready();
    Step udp_ready(std::uint32_t events);
    Step icmp_ready();

    UniqueFd fd_;
    Kind kind_ = Kind::tcp;
    net::Family family_ = net::Family::ipv4;
    const UdpRules* udp_ = nullptr;
};

// UDP_CHECK's reply test (check_udp.c check_udp_reply): the length within the bounds and the
// expected bytes equal where the mask does not free them.
bool udp_reply_matches(std::span<const std::uint8_t> reply, const UdpRules& rules) noexcept;

// keepalived's filler ("keepalived check - " repeated) for `size` bytes.
std::vector<std::uint8_t> filler(std::size_t size);

} // namespace vigil::probe
