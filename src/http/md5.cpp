#include "http/md5.hpp"

#include "tls/openssl_library.hpp"

#include <stdexcept>
#include <string>

namespace vigil::http {

void Md5::Free::operator()(evp_md_ctx_st* ctx) const noexcept { api_->EVP_MD_CTX_free(ctx); }

Md5::Md5() : ctx_(nullptr, Free{tls::openssl()}) {
    std::string why;
    const tls::OpenSslApi* api = tls::openssl(&why);
    if (api == nullptr) {
        throw std::runtime_error(why);
    }
    ctx_.reset(api->EVP_MD_CTX_new());
    if (!ctx_ || api->EVP_DigestInit_ex(ctx_.get(), api->md5, nullptr) != 1) {
        throw std::bad_alloc();
    }
}

void Md5::update(std::span<const char> bytes) noexcept {
    if (!bytes.empty()) {
        ctx_.get_deleter().api_->EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size());
    }
}

Md5Digest Md5::finish() noexcept {
    Md5Digest out{};
    unsigned length = 0;
    ctx_.get_deleter().api_->EVP_DigestFinal_ex(ctx_.get(), out.data(), &length);
    return out;
}

std::string to_hex(const Md5Digest& digest) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(32);
    for (const auto byte : digest) {
        out += digits[byte >> 4U];
        out += digits[byte & 0xfU];
    }
    return out;
}

} // namespace vigil::http
