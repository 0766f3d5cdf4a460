#include "http/exchange.hpp"
#include "http/request.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <doctest/doctest.h>

#include <chrono>
#include <algorithm>
#include <cstring>

using namespace vigil;
using namespace std::chrono_literals;
using probe::ConnectStatus;

namespace {

const probe::TimePoint t0{};

std::string request() {
    return http::build_request({"/ok.html", config::HttpProtocol::http_1_0, std::nullopt,
                                *net::IpAddress::parse("192.0.2.10"), 80});
}

http::ExchangeOptions plain_options(std::string* verbose = nullptr) {
    http::ExchangeOptions options;
    options.request = request();
    options.timeout = 5s;
    options.reader.digest = true;
    options.reader.verbose = verbose;
    return options;
}

void deliver(http::Exchange& exchange, std::string_view bytes, probe::TimePoint now) {
    while (!bytes.empty()) {
        auto area = exchange.input_area();
        const std::size_t n = std::min(area.size(), bytes.size());
        std::memcpy(area.data(), bytes.data(), n);
        exchange.on_received(n, now);
        bytes.remove_prefix(n);
    }
}

} // namespace

TEST_CASE("plain HTTP: connect, send the request, read to end of stream") {
    http::Exchange exchange(plain_options());
    exchange.start(ConnectStatus::in_progress, t0);
    CHECK(exchange.interest().write);
    CHECK(exchange.deadline() == t0 + 5s);
    exchange.on_connect(ConnectStatus::in_progress, t0 + 1s);
    CHECK(exchange.connecting());
    exchange.on_connect(ConnectStatus::connected, t0 + 1s);
    const auto out = exchange.output();
    CHECK(std::string(out.begin(), out.end()) == request());
    exchange.on_sent(10, t0 + 1s);
    exchange.on_sent(out.size() - 10, t0 + 1s);
    CHECK(exchange.interest().read);
    CHECK(exchange.deadline() == t0 + 6s);
    deliver(exchange, "HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\nhello ", t0 + 2s);
    CHECK(exchange.deadline() == t0 + 7s);
    deliver(exchange, "world\n", t0 + 3s);
    exchange.on_received(0, t0 + 3s);
    REQUIRE(exchange.end() == http::ExchangeEnd::response);
    CHECK(exchange.reader().status_code() == 200);
    CHECK(http::to_hex(exchange.digest()) == "6f5902ac237024bdd0c176cb93063dc4");
}

TEST_CASE("plain HTTP: keepalived's wording for every step's failure") {
    auto failure_after = [](auto&& drive) {
        http::Exchange exchange(plain_options());
        drive(exchange);
        REQUIRE(exchange.end() == http::ExchangeEnd::failed);
        return std::string(exchange.failure());
    };
    CHECK(failure_after([](auto& e) { e.start(ConnectStatus::failed, t0); }) == "HTTP_CHECK - network unreachable");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::in_progress, t0);
              e.on_deadline(t0 + 5s);
          }) == "Timeout connecting");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::in_progress, t0);
              e.on_connect(ConnectStatus::failed, t0);
          }) == "Connection failed");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::in_progress, t0);
              e.on_connect(ConnectStatus::timed_out, t0);
          }) == "Timeout connecting");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::in_progress, t0);
              e.on_connect(ConnectStatus::error, t0);
          }) == "Error connecting");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::connected, t0);
              e.on_connect(ConnectStatus::connected, t0);
              e.on_send_failed(t0);
          }) == "Cannot send get request to");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::connected, t0);
              e.on_connect(ConnectStatus::connected, t0);
              e.on_deadline(t0 + 5s);
          }) == "Timeout WEB write");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::connected, t0);
              e.on_connect(ConnectStatus::connected, t0);
              e.on_sent(e.output().size(), t0);
              e.on_deadline(t0 + 5s);
          }) == "Timeout WEB read");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::connected, t0);
              e.on_connect(ConnectStatus::connected, t0);
              e.on_sent(e.output().size(), t0);
              deliver(e, "HTTP/1.0 200 OK\r\n", t0 + 1s);
              e.on_deadline(t0 + 5s);  // not yet: each read re-arms
              CHECK(e.end() == http::ExchangeEnd::running);
              e.on_deadline(t0 + 6s);
          }) == "Timeout HTTP read");
    CHECK(failure_after([](auto& e) {
              e.start(ConnectStatus::connected, t0);
              e.on_connect(ConnectStatus::connected, t0);
              e.on_sent(e.output().size(), t0);
              e.on_receive_failed(t0);
          }) == "Read error with");
}

TEST_CASE("a bind or socket option failure is not an attempt") {
    http::Exchange exchange(plain_options());
    exchange.start(ConnectStatus::error, t0);
    CHECK(exchange.end() == http::ExchangeEnd::not_run);
}

// ---- TLS against an in-memory OpenSSL server -------------------------------------------------

namespace {

struct Server {
    SSL_CTX* ctx = nullptr;
    SSL* ssl = nullptr;
    std::string servername;

    Server() {
        EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        X509* cert = X509_new();
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), 0);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_set_pubkey(cert, key);
        X509_NAME* name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("test"), -1, -1, 0);
        X509_set_issuer_name(cert, name);
        X509_sign(cert, key, EVP_sha256());
        ctx = SSL_CTX_new(TLS_server_method());
        SSL_CTX_use_certificate(ctx, cert);
        SSL_CTX_use_PrivateKey(ctx, key);
        X509_free(cert);
        EVP_PKEY_free(key);
        ssl = SSL_new(ctx);
        SSL_set_bio(ssl, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
        SSL_set_accept_state(ssl);
    }
    ~Server() {
        SSL_free(ssl);
        SSL_CTX_free(ctx);
    }
    void from_client(std::span<const char> bytes) { BIO_write(SSL_get_rbio(ssl), bytes.data(), static_cast<int>(bytes.size())); }
    std::string to_client() {
        std::string out(65536, '\0');
        const int n = BIO_read(SSL_get_wbio(ssl), out.data(), static_cast<int>(out.size()));
        out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
        return out;
    }
};

// Moves bytes both ways until neither side has anything to say; the server answers the
// request with `response` and closes with close_notify when `close` is set.
void pump(http::Exchange& exchange, Server& server, std::string_view response, bool close, probe::TimePoint now) {
    std::string received;
    bool answered = false;
    for (int round = 0; round < 50 && exchange.end() == http::ExchangeEnd::running; ++round) {
        auto out = exchange.output();
        if (!out.empty()) {
            server.from_client(out);
            exchange.on_sent(out.size(), now);
        }
        if (SSL_is_init_finished(server.ssl) == 0) {
            SSL_do_handshake(server.ssl);
            if (const char* sni = SSL_get_servername(server.ssl, TLSEXT_NAMETYPE_host_name)) {
                server.servername = sni;
            }
        } else if (!answered) {
            char buffer[4096];
            const int n = SSL_read(server.ssl, buffer, sizeof buffer);
            if (n > 0) {
                received.append(buffer, static_cast<std::size_t>(n));
            }
            if (received.find("\r\n\r\n") != std::string::npos) {
                SSL_write(server.ssl, response.data(), static_cast<int>(response.size()));
                if (close) {
                    SSL_shutdown(server.ssl);
                }
                answered = true;
            }
        }
        const std::string back = server.to_client();
        if (!back.empty()) {
            deliver(exchange, back, now);
        }
    }
}

} // namespace

TEST_CASE("SSL_GET: handshake with SNI, request, response, close_notify") {
    std::vector<std::string> log;
    const auto context = tls::ClientContext::create(std::nullopt, log);
    REQUIRE(context);
    Server server;
    auto options = plain_options();
    options.tls = context.get();
    options.server_name = "www.example.com";
    http::Exchange exchange(std::move(options));
    exchange.start(ConnectStatus::in_progress, t0);
    exchange.on_connect(ConnectStatus::connected, t0);
    pump(exchange, server, "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello world\n", true, t0);
    REQUIRE(exchange.end() == http::ExchangeEnd::response);
    CHECK(server.servername == "www.example.com");
    CHECK(exchange.reader().status_code() == 200);
    CHECK(http::to_hex(exchange.digest()) == "6f5902ac237024bdd0c176cb93063dc4");
}

TEST_CASE("SSL_GET: close_notify before any header is keepalived's SSL read error") {
    std::vector<std::string> log;
    const auto context = tls::ClientContext::create(std::nullopt, log);
    Server server;
    auto options = plain_options();
    options.tls = context.get();
    http::Exchange exchange(std::move(options));
    exchange.start(ConnectStatus::connected, t0);
    exchange.on_connect(ConnectStatus::connected, t0);
    pump(exchange, server, "", true, t0);
    REQUIRE(exchange.end() == http::ExchangeEnd::failed);
    CHECK(std::string(exchange.failure()) == "SSL read error from");
}

TEST_CASE("SSL_GET: a server that does not speak TLS fails the handshake; a silent one times out") {
    std::vector<std::string> log;
    const auto context = tls::ClientContext::create(std::nullopt, log);
    auto options = plain_options();
    options.tls = context.get();
    {
        http::Exchange exchange(options);
        exchange.start(ConnectStatus::connected, t0);
        exchange.on_connect(ConnectStatus::connected, t0);
        CHECK(exchange.interest().write);  // the ClientHello
        exchange.on_sent(exchange.output().size(), t0);
        deliver(exchange, "HTTP/1.0 400 Bad Request\r\n\r\n", t0);
        REQUIRE(exchange.end() == http::ExchangeEnd::failed);
        CHECK(std::string(exchange.failure()) == "SSL handshake/communication error connecting to");
    }
    {
        http::Exchange exchange(options);
        exchange.start(ConnectStatus::in_progress, t0);
        exchange.on_connect(ConnectStatus::connected, t0 + 2s);
        exchange.on_sent(exchange.output().size(), t0 + 2s);
        exchange.on_deadline(t0 + 5s);  // the connect deadline covers the handshake
        REQUIRE(exchange.end() == http::ExchangeEnd::failed);
        CHECK(std::string(exchange.failure()) == "Timeout connecting");
    }
}

TEST_CASE("a missing certificate file fails the context with keepalived's lines") {
    std::vector<std::string> log;
    config::SslSettings settings;
    settings.certificate_ = "/nonexistent/cert.pem";
    CHECK_FALSE(tls::ClientContext::create(settings, log));
    REQUIRE(log.size() == 6);
    CHECK(log[0] == "SSL error : Cant load certificate file...");
    CHECK(log[1] == "Error Initialize SSL, ctx Instance");
    CHECK(log[2] == "  SSL  keyfile:(null)");
    CHECK(log[5] == "Terminate...");
}
