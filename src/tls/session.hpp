#pragma once
// One TLS client connection over memory BIOs: ciphertext goes in with feed() and comes out
// with pending_output(), so the connection runs on any event loop (and in unit tests
// against an in-memory server). Plaintext semantics are OpenSSL's SSL_connect, SSL_write
// and SSL_read, as keepalived's SSL_GET uses them over its socket.

#include "tls/client_context.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

struct ssl_st;
struct bio_st;

namespace vigil::tls {

struct OpenSslApi;

class Session {
public:
    // `server_name`: sent as SNI (RFC 6066 §3) when given.
    Session(const ClientContext& context, std::optional<std::string_view> server_name);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool valid() const noexcept { return ssl_ != nullptr; }

    // Ciphertext received from the peer; end_of_stream() once the peer closed.
    void feed(std::span<const char> bytes) noexcept;
    void end_of_stream() noexcept;
    // Ciphertext waiting to be sent, and how much of it was sent.
    std::span<const char> pending_output() noexcept;
    bool has_output() const noexcept;
    void consume_output(std::size_t count) noexcept;

    enum class Progress : std::uint8_t { done, want_read, failed };
    // SSL_connect: done once the handshake completed.
    Progress handshake() noexcept;
    // SSL_write of the whole of `bytes` (into the output buffer).
    bool write(std::span<const char> bytes) noexcept;

    // SSL_read's outcomes as keepalived's ssl_read_thread tells them apart: plaintext;
    // nothing yet; the peer's close_notify (SSL_ERROR_ZERO_RETURN); any other end (an
    // error, or end of stream without close_notify).
    enum class ReadStatus : std::uint8_t { data, want_read, closed, failed };
    struct ReadResult {
        ReadStatus status = ReadStatus::want_read;
        std::size_t count = 0;  // data: bytes read
    };
    ReadResult read(std::span<char> into) noexcept;
    // keepalived's SSL_set_quiet_shutdown + SSL_shutdown: nothing is sent.
    void quiet_shutdown() noexcept;

private:
    const OpenSslApi* api_ = nullptr;
    ssl_st* ssl_ = nullptr;
    bio_st* in_ = nullptr;   // owned by ssl_
    bio_st* out_ = nullptr;  // owned by ssl_
};

} // namespace vigil::tls
