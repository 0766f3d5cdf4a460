#include "tls/session.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <string>

namespace vigil::tls {

Session::Session(const ClientContext& context, std::optional<std::string_view> server_name) {
    ssl_ = SSL_new(context.get());
    if (ssl_ == nullptr) {
        return;
    }
    in_ = BIO_new(BIO_s_mem());
    out_ = BIO_new(BIO_s_mem());
    if (in_ == nullptr || out_ == nullptr) {
        BIO_free(in_);
        BIO_free(out_);
        SSL_free(ssl_);
        ssl_ = nullptr;
        return;
    }
    SSL_set_bio(ssl_, in_, out_);
    if (server_name) {
        const std::string name(*server_name);
        SSL_set_tlsext_host_name(ssl_, name.c_str());
    }
    SSL_set_connect_state(ssl_);
}

Session::~Session() { SSL_free(ssl_); }

void Session::feed(std::span<const char> bytes) noexcept {
    if (!bytes.empty()) {
        BIO_write(in_, bytes.data(), static_cast<int>(bytes.size()));
    }
}

void Session::end_of_stream() noexcept {
    // An empty memory BIO now reads as end of file instead of "retry later".
    BIO_set_mem_eof_return(in_, 0);
}

std::span<const char> Session::pending_output() noexcept {
    char* data = nullptr;
    const long size = BIO_get_mem_data(out_, &data);
    return {data, size > 0 ? static_cast<std::size_t>(size) : 0U};
}

bool Session::has_output() const noexcept { return BIO_ctrl_pending(out_) != 0; }

void Session::consume_output(std::size_t count) noexcept {
    // Reading drops the bytes from the memory BIO.
    char sink[4096];
    while (count > 0) {
        const int chunk = static_cast<int>(count < sizeof sink ? count : sizeof sink);
        const int got = BIO_read(out_, sink, chunk);
        if (got <= 0) {
            return;
        }
        count -= static_cast<std::size_t>(got);
    }
}

Session::Progress Session::handshake() noexcept {
    ERR_clear_error();
    const int rc = SSL_connect(ssl_);
    if (rc == 1) {
        return Progress::done;
    }
    const int error = SSL_get_error(ssl_, rc);
    if (rc < 0 && (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)) {
        return Progress::want_read;
    }
    return Progress::failed;
}

bool Session::write(std::span<const char> bytes) noexcept {
    ERR_clear_error();
    const int rc = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
    return SSL_get_error(ssl_, rc) == SSL_ERROR_NONE && rc == static_cast<int>(bytes.size());
}

Session::ReadResult Session::read(std::span<char> into) noexcept {
    ERR_clear_error();
    const int rc = SSL_read(ssl_, into.data(), static_cast<int>(into.size()));
    const int error = SSL_get_error(ssl_, rc);
    if (error == SSL_ERROR_WANT_READ) {
        return {ReadStatus::want_read, 0};
    }
    if (rc > 0 && error == SSL_ERROR_NONE) {
        return {ReadStatus::data, static_cast<std::size_t>(rc)};
    }
    if (error == SSL_ERROR_ZERO_RETURN) {
        return {ReadStatus::closed, 0};
    }
    return {ReadStatus::failed, 0};
}

void Session::quiet_shutdown() noexcept {
    SSL_set_quiet_shutdown(ssl_, 1);
    SSL_shutdown(ssl_);
}

} // namespace vigil::tls
