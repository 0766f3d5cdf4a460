#include "tls/openssl_library.hpp"

#include "util/symbol_binder.hpp"

#include <fmt/format.h>
#include <openssl/opensslv.h>

namespace vigil::tls {
namespace {

struct Loaded {
    OpenSslApi api{};
    bool ok = false;
    std::string why;
};

Loaded load() {
    Loaded out;
    util::SymbolBinder binder{"OpenSSL"};
    void* crypto = binder.open(fmt::format("libcrypto.so.{}", OPENSSL_VERSION_MAJOR));
    void* ssl = crypto == nullptr ? nullptr
                                  : binder.open(fmt::format("libssl.so.{}", OPENSSL_VERSION_MAJOR));
    OpenSslApi& a = out.api;
#define VIGIL_BIND(library, name) binder.bind(library, #name, a.name)
    out.ok = ssl != nullptr && VIGIL_BIND(crypto, EVP_MD_CTX_new) &&
             VIGIL_BIND(crypto, EVP_MD_CTX_free) && VIGIL_BIND(crypto, EVP_DigestInit_ex) &&
             VIGIL_BIND(crypto, EVP_DigestUpdate) && VIGIL_BIND(crypto, EVP_DigestFinal_ex) &&
             VIGIL_BIND(crypto, EVP_md5) && VIGIL_BIND(crypto, EVP_MD_fetch) && VIGIL_BIND(crypto, BIO_new) &&
             VIGIL_BIND(crypto, BIO_s_mem) && VIGIL_BIND(crypto, BIO_free) &&
             VIGIL_BIND(crypto, BIO_write) && VIGIL_BIND(crypto, BIO_read) &&
             VIGIL_BIND(crypto, BIO_ctrl) && VIGIL_BIND(crypto, BIO_ctrl_pending) &&
             VIGIL_BIND(crypto, ERR_clear_error) && VIGIL_BIND(ssl, OPENSSL_init_ssl) &&
             VIGIL_BIND(ssl, TLS_method) && VIGIL_BIND(ssl, SSL_CTX_new) &&
             VIGIL_BIND(ssl, SSL_CTX_free) && VIGIL_BIND(ssl, SSL_CTX_use_certificate_chain_file) &&
             VIGIL_BIND(ssl, SSL_CTX_set_default_passwd_cb) &&
             VIGIL_BIND(ssl, SSL_CTX_set_default_passwd_cb_userdata) &&
             VIGIL_BIND(ssl, SSL_CTX_use_PrivateKey_file) &&
             VIGIL_BIND(ssl, SSL_CTX_load_verify_locations) &&
             VIGIL_BIND(ssl, SSL_CTX_set_verify_depth) && VIGIL_BIND(ssl, SSL_new) &&
             VIGIL_BIND(ssl, SSL_free) && VIGIL_BIND(ssl, SSL_set_bio) &&
             VIGIL_BIND(ssl, SSL_ctrl) && VIGIL_BIND(ssl, SSL_set_connect_state) &&
             VIGIL_BIND(ssl, SSL_connect) && VIGIL_BIND(ssl, SSL_get_error) &&
             VIGIL_BIND(ssl, SSL_write) && VIGIL_BIND(ssl, SSL_read) &&
             VIGIL_BIND(ssl, SSL_set_quiet_shutdown) && VIGIL_BIND(ssl, SSL_shutdown);
#undef VIGIL_BIND
    if (out.ok) {
        a.md5 = a.EVP_MD_fetch(nullptr, "MD5", nullptr);
        if (a.md5 == nullptr) {
            a.md5 = a.EVP_md5();
        }
    }
    out.why = binder.why();
    return out;
}

} // namespace

const OpenSslApi* openssl(std::string* why) noexcept {
    static const Loaded loaded = load();
    if (!loaded.ok) {
        if (why != nullptr) {
            *why = loaded.why;
        }
        return nullptr;
    }
    return &loaded.api;
}

} // namespace vigil::tls
