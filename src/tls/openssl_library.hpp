#pragma once
// OpenSSL, loaded when first needed: libcrypto and libssl (Debian's libssl3, the sonames
// of the headers vigil is built with) are opened with dlopen() the first time a digest or
// a TLS connection is made, and their functions are called through this table.
//
// Why not link them: linked into the keepalived binary (statically or not), OpenSSL's
// relocated tables cost every process about 1 MB of resident memory at start-up, a VRRP
// only configuration included (measured: parent 4.2 -> 5.4 MB, VRRP child 3.2 -> 4.2 MB).
// Loaded on demand, only the checker child of a configuration with SSL_GET or HTTP_GET
// digests, and genhash, pay for it. Declarations come from OpenSSL's own headers, so the
// types are checked at compile time.

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <string>

namespace vigil::tls {

struct OpenSslApi {
    // libcrypto
    decltype(&::EVP_MD_CTX_new) EVP_MD_CTX_new;
    decltype(&::EVP_MD_CTX_free) EVP_MD_CTX_free;
    decltype(&::EVP_DigestInit_ex) EVP_DigestInit_ex;
    decltype(&::EVP_DigestUpdate) EVP_DigestUpdate;
    decltype(&::EVP_DigestFinal_ex) EVP_DigestFinal_ex;
    decltype(&::EVP_md5) EVP_md5;
    decltype(&::EVP_MD_fetch) EVP_MD_fetch;
    decltype(&::BIO_new) BIO_new;
    decltype(&::BIO_s_mem) BIO_s_mem;
    decltype(&::BIO_free) BIO_free;
    decltype(&::BIO_write) BIO_write;
    decltype(&::BIO_read) BIO_read;
    decltype(&::BIO_ctrl) BIO_ctrl;
    decltype(&::BIO_ctrl_pending) BIO_ctrl_pending;
    decltype(&::ERR_clear_error) ERR_clear_error;
    // libssl
    decltype(&::OPENSSL_init_ssl) OPENSSL_init_ssl;
    decltype(&::TLS_method) TLS_method;
    decltype(&::SSL_CTX_new) SSL_CTX_new;
    decltype(&::SSL_CTX_free) SSL_CTX_free;
    decltype(&::SSL_CTX_use_certificate_chain_file) SSL_CTX_use_certificate_chain_file;
    decltype(&::SSL_CTX_set_default_passwd_cb) SSL_CTX_set_default_passwd_cb;
    decltype(&::SSL_CTX_set_default_passwd_cb_userdata) SSL_CTX_set_default_passwd_cb_userdata;
    decltype(&::SSL_CTX_use_PrivateKey_file) SSL_CTX_use_PrivateKey_file;
    decltype(&::SSL_CTX_load_verify_locations) SSL_CTX_load_verify_locations;
    decltype(&::SSL_CTX_set_verify_depth) SSL_CTX_set_verify_depth;
    decltype(&::SSL_new) SSL_new;
    decltype(&::SSL_free) SSL_free;
    decltype(&::SSL_set_bio) SSL_set_bio;
    decltype(&::SSL_ctrl) SSL_ctrl;
    decltype(&::SSL_set_connect_state) SSL_set_connect_state;
    decltype(&::SSL_connect) SSL_connect;
    decltype(&::SSL_get_error) SSL_get_error;
    decltype(&::SSL_write) SSL_write;
    decltype(&::SSL_read) SSL_read;
    decltype(&::SSL_set_quiet_shutdown) SSL_set_quiet_shutdown;
    decltype(&::SSL_shutdown) SSL_shutdown;
    // MD5 fetched once from the default provider when the library is loaded (EVP_md5()
    // when the fetch fails): EVP_DigestInit_ex() with EVP_md5() fetches it again at every
    // digest under OpenSSL 3 (a locked method-store lookup per HTTP_GET check). Never freed.
    const EVP_MD* md5 = nullptr;
};

// The table, loading the libraries on the first call; nullptr when they cannot be loaded
// or lack a function (then `why`, if given, says which). Thread-compatible: the daemon's
// processes are single-threaded.
const OpenSslApi* openssl(std::string* why = nullptr) noexcept;

} // namespace vigil::tls
