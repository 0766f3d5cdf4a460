#pragma once
// One SMTP_CHECK connection as a sans-I/O state machine (keepalived 2.2.7 check_smtp.c):
// connect, read the greeting and require 220, send "HELO <helo_name>", require 250, send
// "QUIT" and read one more line (RFC 5321 §4.1.1.1, §4.1.1.10, §4.2). Each read and each
// write has `timeout`; failures carry keepalived's wording, naming the server as [ip]:port.
//
// Lines are read as keepalived reads them: into a 512-byte buffer cleared before each
// reply, up to the first '\n'; the reply code is the first three characters when strtoul
// reads exactly those and a space or the end follows (so "250-..." and a bare "220\r" are
// refused, as in keepalived).
//
// Contract for the caller: as http::Exchange's (start(), on_connect() while connecting,
// output()/on_sent(), input_area()/on_received(), on_deadline()).

#include "probe/clock.hpp"
#include "probe/connect_status.hpp"
#include "probe/dialogue_end.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace vigil::probe {

inline constexpr const char* default_helo_name = "smtpchecker.keepalived.org";

class SmtpDialogue {
public:
    // `address`, `port`: where the connection goes; `real_server`: "[ip]:port" of the real
    // server (for the unreachable message).
    SmtpDialogue(std::string helo_name, Duration timeout, const std::string& address, std::uint16_t port,
                 std::string real_server);

    void start(ConnectStatus status, TimePoint now);
    void on_connect(ConnectStatus status, TimePoint now);
    bool connecting() const noexcept { return step_ == Step::connecting; }

    bool wants_read() const noexcept;
    bool wants_write() const noexcept;
    TimePoint deadline() const noexcept { return deadline_; }

    std::span<const char> output() const noexcept;
    void on_sent(std::size_t count, TimePoint now);
    void on_send_failed(TimePoint now);

    std::span<char> input_area() noexcept;
    void on_received(std::size_t count, TimePoint now);
    void on_receive_failed(TimePoint now);

    void on_deadline(TimePoint now);

    DialogueEnd end() const noexcept { return end_; }
    // failed: the reason as keepalived logs it after "SMTP_CHECK ".
    const std::string& failure() const noexcept { return failure_; }
    // keepalived's "Buffer overflow" lines, for the caller to log.
    const std::string& note() const noexcept { return note_; }

    static int reply_code(const char* line) noexcept;

private:
    enum class Step : std::uint8_t { connecting, banner, send_helo, helo_reply, send_quit, quit_reply, done };

    void fail(const char* reason);
    void expect_line(Step step, TimePoint now);
    void send(Step step, const std::string& line, TimePoint now);
    void on_line(TimePoint now);

    std::string helo_name_;
    Duration timeout_;
    std::string address_;
    std::string server_;  // [address]:port
    std::string real_server_;
    Step step_ = Step::connecting;
    DialogueEnd end_ = DialogueEnd::running;
    std::string failure_;
    std::string note_;
    TimePoint deadline_ = no_deadline;
    std::array<char, 512> buffer_{};  // keepalived's SMTP_BUFF_MAX
    std::size_t filled_ = 0;
};

} // namespace vigil::probe
