#pragma once
// HTTP_GET and SSL_GET: one url fetched over one connection (check_http.c, check_ssl.c),
// judged as keepalived judges it (http::judge). The result's detail is the failure's wording
// ("Timeout connecting", "HTTP status code error to", "MD5 digest error to"...) or what
// passed last ("HTTP status code", "MD5 digest", "Regex match"); its length is set when the
// status code passed (keepalived compares Content-Length with the body from there).

#include "attempt/attempt.hpp"
#include "http/exchange.hpp"
#include "http/url_check.hpp"
#include "probe/target.hpp"

namespace vigil::attempt {

class HttpAttempt final : public Attempt {
public:
    // `url` must outlive the attempt.
    HttpAttempt(const probe::Target& target, http::ExchangeOptions options, const http::UrlCheck& url,
                check::TimePoint now);

    [[nodiscard]] Interest interest() const noexcept override;
    [[nodiscard]] check::TimePoint deadline() const noexcept override { return exchange_.deadline(); }
    void on_ready(std::uint32_t events, check::TimePoint now) override;
    void on_deadline(check::TimePoint now) override;

private:
    void settle();

    http::Exchange exchange_;
    const http::UrlCheck& url_;
};

} // namespace vigil::attempt
