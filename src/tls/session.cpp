#include "tls/session.hpp"

#include "tls/openssl_library.hpp"

#include <string>

namespace vigil::tls {

Session::Session(const ClientContext& context, std::optional<std::string_view> server_name) : api_(openssl()) {
    if (api_ == nullptr) {
        return;
    }
    ssl_ = api_->SSL_new(context.get());
    if (ssl_ == nullptr) {
        return;
    }
    in_ = api_->BIO_new(api_->BIO_s_mem());
    out_ = api_->BIO_new(api_->BIO_s_mem());
    if (in_ == nullptr || out_ == nullptr) {
        api_->BIO_free(in_);
        api_->BIO_free(out_);
        api_->SSL_free(ssl_);
        ssl_ = nullptr;
        return;
    }
    api_->SSL_set_bio(ssl_, in_, out_);
    if (server_name) {
        // SSL_set_tlsext_host_name
        const std::string name(*server_name);
        api_->SSL_ctrl(ssl_, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(name.c_str()));
    }
    api_->SSL_set_connect_state(ssl_);
}

Session::~Session() {
    if (ssl_ != nullptr) {
        api_->SSL_free(ssl_);
    }
}

void Session::feed(std::span<const char> bytes) noexcept {
    if (!bytes.empty()) {
        api_->BIO_write(in_, bytes.data(), static_cast<int>(bytes.size()));
    }
}

void Session::end_of_stream() noexcept {
    // BIO_set_mem_eof_return(in_, 0): an empty memory BIO now reads as end of file instead
    // of "retry later".
    api_->BIO_ctrl(in_, BIO_C_SET_BUF_MEM_EOF_RETURN, 0, nullptr);
}

std::span<const char> Session::pending_output() noexcept {
    char* data = nullptr;
    // BIO_get_mem_data
    const long size = api_->BIO_ctrl(out_, BIO_CTRL_INFO, 0, &data);
    return {data, size > 0 ? static_cast<std::size_t>(size) : 0U};
}

bool Session::has_output() const noexcept { return api_->BIO_ctrl_pending(out_) != 0; }

void Session::consume_output(std::size_t count) noexcept {
    // Reading drops the bytes from the memory BIO.
    char sink[4096];
    while (count > 0) {
        const int chunk = static_cast<int>(count < sizeof sink ? count : sizeof sink);
        const int got = api_->BIO_read(out_, sink, chunk);
        if (got <= 0) {
            return;
        }
        count -= static_cast<std::size_t>(got);
    }
}

Session::Progress Session::handshake() noexcept {
    api_->ERR_clear_error();
    const int rc = api_->SSL_connect(ssl_);
    if (rc == 1) {
        return Progress::done;
    }
    const int error = api_->SSL_get_error(ssl_, rc);
    if (rc < 0 && (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)) {
        return Progress::want_read;
    }
    return Progress::failed;
}

bool Session::write(std::span<const char> bytes) noexcept {
    api_->ERR_clear_error();
    const int rc = api_->SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
    return api_->SSL_get_error(ssl_, rc) == SSL_ERROR_NONE && rc == static_cast<int>(bytes.size());
}

Session::ReadResult Session::read(std::span<char> into) noexcept {
    api_->ERR_clear_error();
    const int rc = api_->SSL_read(ssl_, into.data(), static_cast<int>(into.size()));
    const int error = api_->SSL_get_error(ssl_, rc);
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
    api_->SSL_set_quiet_shutdown(ssl_, 1);
    api_->SSL_shutdown(ssl_);
}

} // namespace vigil::tls
