#pragma once
// The TLS client context SSL_GET and genhash -S share (check_ssl.c build_ssl_ctx): OpenSSL's
// TLS_method(), with the SSL { certificate, key, password, ca } block's client certificate,
// key (decrypted with `password`) and CA file when given.
//
// keepalived 2.2.7 never verifies the server: no verify mode is set (SSL_VERIFY_NONE), only
// a verify depth of 1, so `ca` is loaded but decides nothing. This does the same, so that
// an SSL_GET passes or fails as it does under keepalived (compare keepalived issue #804).

#include "config/lvs_model.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

struct ssl_ctx_st;

namespace vigil::tls {

class ClientContext {
public:
    // nullptr when OpenSSL refuses the context or a file; `log` then holds keepalived's lines
    // (build_ssl_ctx's reason, then init_ssl_ctx's summary ending "Terminate...").
    static std::unique_ptr<ClientContext> create(const std::optional<config::SslSettings>& settings,
                                                 std::vector<std::string>& log);
    ~ClientContext();
    ClientContext(const ClientContext&) = delete;
    ClientContext& operator=(const ClientContext&) = delete;

    ssl_ctx_st* get() const noexcept { return ctx_; }

private:
    explicit ClientContext(ssl_ctx_st* ctx) noexcept : ctx_(ctx) {}
    ssl_ctx_st* ctx_;
    std::string password_;  // read by the PEM password callback
};

} // namespace vigil::tls
