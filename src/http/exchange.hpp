#pragma once
// One HTTP_GET / SSL_GET attempt (or genhash's one request) as a sans-I/O state machine:
// the caller owns the socket, tells the exchange what happened to it, and does what
// interest() asks before deadline(). The steps, timeouts and failure wordings are keepalived
// 2.2.7's (check_http.c, check_ssl.c):
//
//   connect            within `timeout`                 "Timeout connecting", "Connection failed", ...
//   TLS handshake      within the same deadline         "SSL handshake/communication error connecting to"
//   send the request   within `timeout`                 "Timeout WEB write", "Cannot send get request to"
//   first byte         within `timeout`                 "Timeout WEB read"
//   each read (HTTP)   within `timeout` of the previous "Timeout HTTP read", "Read error with"
//   all reads (TLS)    within `timeout` of the first    "Timeout SSL read", "SSL read error from"
//
// The response ends at end of stream (the request asks the server to close). Then end() is
// `response` and reader() holds what was read; judge it with http::judge() (checks) or
// print it (genhash).
//
// Contract for the caller:
//  - Create a non-blocking socket, apply the connection options, connect(), and pass the
//    outcome to start() (probe::classify_connect_errno). `error` ends the attempt as
//    not_run: keepalived logs "WEB socket bind failed. Rescheduling" and retries after
//    delay_loop.
//  - While interest().write: when the socket is writable, in the connecting step pass
//    classify_socket_error(SO_ERROR) to on_connect(); otherwise send output() and report
//    on_sent() / on_send_failed().
//  - While interest().read: read into input_area() and report on_received() (0 = end of
//    stream) or on_receive_failed(); EAGAIN is not an event.
//  - Call on_deadline() once deadline() has passed. Close the socket once end() is not
//    running.

#include "http/response_reader.hpp"
#include "probe/clock.hpp"
#include "probe/connect_status.hpp"
#include "tls/session.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace vigil::http {

struct ExchangeOptions {
    std::string request;
    probe::Duration timeout{};
    const tls::ClientContext* tls = nullptr;   // SSL_GET, genhash -S
    std::optional<std::string> server_name;    // SNI
    ReaderOptions reader;
};

enum class ExchangeEnd : std::uint8_t { running, response, failed, not_run };

struct Interest {
    bool read = false;
    bool write = false;
};

class Exchange {
public:
    explicit Exchange(ExchangeOptions options);

    void start(probe::ConnectStatus status, probe::TimePoint now);
    void on_connect(probe::ConnectStatus status, probe::TimePoint now);
    bool connecting() const noexcept { return step_ == Step::connecting; }

    Interest interest() const noexcept;
    probe::TimePoint deadline() const noexcept { return deadline_; }

    std::span<const char> output() noexcept;
    void on_sent(std::size_t count, probe::TimePoint now);
    void on_send_failed(probe::TimePoint now);

    std::span<char> input_area() noexcept;
    void on_received(std::size_t count, probe::TimePoint now);
    void on_receive_failed(probe::TimePoint now);

    void on_deadline(probe::TimePoint now);

    ExchangeEnd end() const noexcept { return end_; }
    // failed: keepalived's wording of the failure ("Timeout connecting", ...).
    const char* failure() const noexcept { return failure_; }
    // response: what was read, and the body's digest (all zero without digesting).
    const ResponseReader& reader() const noexcept { return reader_; }
    const Md5Digest& digest() const noexcept { return digest_; }

private:
    enum class Step : std::uint8_t { connecting, handshaking, sending, awaiting, reading, done };

    void connected(probe::TimePoint now);
    void handshake_step(probe::TimePoint now);
    void begin_sending(probe::TimePoint now);
    void tls_read_loop();
    void fail(const char* message);
    void finish_response(ResponseReader::DigestDump dump);

    ExchangeOptions options_;
    std::unique_ptr<tls::Session> tls_;
    ResponseReader reader_;
    Step step_ = Step::connecting;
    ExchangeEnd end_ = ExchangeEnd::running;
    const char* failure_ = "";
    probe::TimePoint deadline_ = probe::no_deadline;
    std::size_t request_sent_ = 0;
    Md5Digest digest_{};
    // TLS: ciphertext read from the socket lands here before it is fed to the session.
    std::unique_ptr<char[]> tls_input_;
};

} // namespace vigil::http
