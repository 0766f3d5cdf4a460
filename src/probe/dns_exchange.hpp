#pragma once
// One DNS_CHECK attempt over UDP as a sans-I/O state machine (keepalived 2.2.7
// check_dns.c): the connected datagram socket sends the query, then waits for a reply that
// judge_dns_reply() accepts or refuses. One deadline, `timeout` after the connect, bounds
// the whole attempt. Failures carry keepalived's wording (logged after "DNS_CHECK (<RS>) ").
//
// Contract for the caller: create a non-blocking UDP socket, apply the connection options,
// connect() it and pass the outcome to start() (`error`: not_run, keepalived logs "UDP
// socket bind failed. Rescheduling."). Then send output() when it is not empty (on_sent()
// with the byte count, on_send_failed() for errors other than EAGAIN), receive datagrams
// into input_area() (on_received() with the size, on_receive_failed() with errno), and call
// on_deadline().

#include "config/lvs_model.hpp"
#include "probe/clock.hpp"
#include "probe/connect_status.hpp"
#include "probe/dialogue_end.hpp"
#include "probe/dns_query.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vigil::probe {

class DnsExchange {
public:
    // `server`: "[ip]:port" of the connection (for the unreachable message).
    DnsExchange(std::uint16_t id, std::string_view name, config::DnsType type, Duration timeout, std::string server);

    void start(ConnectStatus status, TimePoint now);

    bool wants_write() const noexcept { return step_ == Step::sending; }
    bool wants_read() const noexcept { return step_ == Step::waiting; }
    TimePoint deadline() const noexcept { return deadline_; }

    std::span<const std::uint8_t> output() const noexcept;
    void on_sent(std::size_t count, TimePoint now);
    void on_send_failed(TimePoint now);

    std::span<std::uint8_t> input_area() noexcept { return reply_; }
    void on_received(std::size_t count, TimePoint now);
    void on_receive_failed(int error, TimePoint now);

    void on_deadline(TimePoint now);

    DialogueEnd end() const noexcept { return end_; }
    const std::string& failure() const noexcept { return failure_; }

private:
    enum class Step : std::uint8_t { idle, sending, waiting, done };
    void fail(std::string reason);

    std::uint16_t id_;
    std::vector<std::uint8_t> query_;
    Duration timeout_;
    std::string server_;
    Step step_ = Step::idle;
    DialogueEnd end_ = DialogueEnd::running;
    std::string failure_;
    TimePoint deadline_ = no_deadline;
    std::array<std::uint8_t, dns_reply_buffer> reply_{};
};

} // namespace vigil::probe
