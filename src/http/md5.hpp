#pragma once
// The MD5 digest of an HTTP body (RFC 1321), as HTTP_GET's `digest` and genhash compute it:
// OpenSSL's EVP interface, as keepalived does (no hand-written MD5), loaded on first use
// (tls/openssl_library.hpp).

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

struct evp_md_ctx_st;

namespace vigil::tls {
struct OpenSslApi;
}

namespace vigil::http {

using Md5Digest = std::array<std::uint8_t, 16>;

class Md5 {
public:
    // Throws std::runtime_error when OpenSSL cannot be loaded (tls::openssl() says why),
    // std::bad_alloc when it cannot allocate the context.
    Md5();
    void update(std::span<const char> bytes) noexcept;
    // The digest of everything given; the object is spent afterwards.
    Md5Digest finish() noexcept;

private:
    struct Free {
        const tls::OpenSslApi* api_ = nullptr;
        void operator()(evp_md_ctx_st* ctx) const noexcept;
    };
    std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

// 32 lowercase hex digits (keepalived's format_digest and genhash's output).
std::string to_hex(const Md5Digest& digest);

} // namespace vigil::http
