#include "tls/client_context.hpp"

#include "tls/openssl_library.hpp"

#include <fmt/format.h>

#include <cstring>

namespace vigil::tls {
namespace {

// PEM password callback: the SSL block's password, if it fits.
int password_callback(char* buffer, int size, int /*rwflag*/, void* userdata) {
    const auto* password = static_cast<const std::string*>(userdata);
    if (static_cast<std::size_t>(size) < password->size() + 1) {
        return 0;
    }
    std::memcpy(buffer, password->c_str(), password->size() + 1);
    return static_cast<int>(password->size());
}

const char* or_null(const std::optional<std::string>& value) {
    return value ? value->c_str() : "(null)";
}

} // namespace

std::unique_ptr<ClientContext> ClientContext::create(const std::optional<config::SslSettings>& settings,
                                                     std::vector<std::string>& log) {
    std::string why;
    const OpenSslApi* api = openssl(&why);
    if (api == nullptr) {
        log.push_back(std::move(why));
        log.emplace_back("SSL error: cannot create new SSL context");
        return nullptr;
    }
    api->OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
    SSL_CTX* raw = api->SSL_CTX_new(api->TLS_method());
    if (raw == nullptr) {
        log.emplace_back("SSL error: cannot create new SSL context");
        return nullptr;
    }
    std::unique_ptr<ClientContext> out(new ClientContext(raw));
    auto fail = [&](const char* reason) -> std::unique_ptr<ClientContext> {
        log.emplace_back(reason);
        log.emplace_back("Error Initialize SSL, ctx Instance");
        log.push_back(fmt::format("  SSL  keyfile:{}", or_null(settings->key_)));
        log.push_back(fmt::format("  SSL password:{}", or_null(settings->password_)));
        log.push_back(fmt::format("  SSL   cafile:{}", or_null(settings->ca_)));
        log.emplace_back("Terminate...");
        return nullptr;
    };
    if (settings) {
        if (settings->certificate_ &&
            api->SSL_CTX_use_certificate_chain_file(raw, settings->certificate_->c_str()) != 1) {
            return fail("SSL error : Cant load certificate file...");
        }
        if (settings->password_) {
            out->password_ = *settings->password_;
            api->SSL_CTX_set_default_passwd_cb_userdata(raw, &out->password_);
            api->SSL_CTX_set_default_passwd_cb(raw, password_callback);
        }
        if (settings->key_ && api->SSL_CTX_use_PrivateKey_file(raw, settings->key_->c_str(), SSL_FILETYPE_PEM) != 1) {
            return fail("SSL error : Cant load key file...");
        }
        if (settings->ca_ && api->SSL_CTX_load_verify_locations(raw, settings->ca_->c_str(), nullptr) != 1) {
            return fail("SSL error : Cant load CA file...");
        }
    }
    api->SSL_CTX_set_verify_depth(raw, 1);
    return out;
}

ClientContext::~ClientContext() { openssl()->SSL_CTX_free(ctx_); }

} // namespace vigil::tls
