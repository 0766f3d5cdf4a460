#include "tls/openssl_library.hpp"

#include <dlfcn.h>
#include <openssl/opensslv.h>

#include <fmt/format.h>

namespace vigil::tls {
namespace {

struct Loaded {
    OpenSslApi api{};
    bool ok = false;
    std::string why;
};

template <typename Function>
bool bind(void* library, const char* name, Function& out, std::string& why) {
    void* symbol = ::dlsym(library, name);
    if (symbol == nullptr) {
        why = fmt::format("OpenSSL function {} not found", name);
        return false;
    }
    out = reinterpret_cast<Function>(symbol);
    return true;
}

Loaded load() {
    Loaded out;
    const std::string crypto_name = fmt::format("libcrypto.so.{}", OPENSSL_VERSION_MAJOR);
    const std::string ssl_name = fmt::format("libssl.so.{}", OPENSSL_VERSION_MAJOR);
    // Never closed: the process keeps them for its life.
    void* crypto = ::dlopen(crypto_name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (crypto == nullptr) {
        out.why = fmt::format("cannot load {}: {}", crypto_name, ::dlerror());
        return out;
    }
    void* ssl = ::dlopen(ssl_name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (ssl == nullptr) {
        out.why = fmt::format("cannot load {}: {}", ssl_name, ::dlerror());
        return out;
    }
    OpenSslApi& a = out.api;
    std::string& why = out.why;
#define VIGIL_BIND(library, name) bind(library, #name, a.name, why)
    out.ok = VIGIL_BIND(crypto, EVP_MD_CTX_new) && VIGIL_BIND(crypto, EVP_MD_CTX_free) &&
             VIGIL_BIND(crypto, EVP_DigestInit_ex) && VIGIL_BIND(crypto, EVP_DigestUpdate) &&
             VIGIL_BIND(crypto, EVP_DigestFinal_ex) && VIGIL_BIND(crypto, EVP_md5) && VIGIL_BIND(crypto, BIO_new) &&
             VIGIL_BIND(crypto, BIO_s_mem) && VIGIL_BIND(crypto, BIO_free) && VIGIL_BIND(crypto, BIO_write) &&
             VIGIL_BIND(crypto, BIO_read) && VIGIL_BIND(crypto, BIO_ctrl) && VIGIL_BIND(crypto, BIO_ctrl_pending) &&
             VIGIL_BIND(crypto, ERR_clear_error) && VIGIL_BIND(ssl, OPENSSL_init_ssl) && VIGIL_BIND(ssl, TLS_method) &&
             VIGIL_BIND(ssl, SSL_CTX_new) && VIGIL_BIND(ssl, SSL_CTX_free) &&
             VIGIL_BIND(ssl, SSL_CTX_use_certificate_chain_file) && VIGIL_BIND(ssl, SSL_CTX_set_default_passwd_cb) &&
             VIGIL_BIND(ssl, SSL_CTX_set_default_passwd_cb_userdata) && VIGIL_BIND(ssl, SSL_CTX_use_PrivateKey_file) &&
             VIGIL_BIND(ssl, SSL_CTX_load_verify_locations) && VIGIL_BIND(ssl, SSL_CTX_set_verify_depth) &&
             VIGIL_BIND(ssl, SSL_new) && VIGIL_BIND(ssl, SSL_free) && VIGIL_BIND(ssl, SSL_set_bio) &&
             VIGIL_BIND(ssl, SSL_ctrl) && VIGIL_BIND(ssl, SSL_set_connect_state) && VIGIL_BIND(ssl, SSL_connect) &&
             VIGIL_BIND(ssl, SSL_get_error) && VIGIL_BIND(ssl, SSL_write) && VIGIL_BIND(ssl, SSL_read) &&
             VIGIL_BIND(ssl, SSL_set_quiet_shutdown) && VIGIL_BIND(ssl, SSL_shutdown);
#undef VIGIL_BIND
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
