#pragma once
// What the attempts of one configuration share, and where they start: the urls of every
// HTTP_GET/SSL_GET compiled once (regexes shared as keepalived shares them), and the TLS
// client context SSL_GET uses (check_ssl.c init_ssl_ctx, built at start and on reload).
//
// Contract:
//  - Built for one configuration; the configuration must outlive it (urls are keyed by the
//    model's checkers). Rebuild it on reload.
//  - tls_failed(): the configuration has an SSL_GET and the context could not be built;
//    keepalived's checker child then stops with its FATAL exit (the lines are in the log
//    passed to the constructor, ending "Terminate...").
//  - start() opens the checker's socket and begins one attempt of it: the url the engine
//    will judge (CheckerState::url_index), the SMTP connection (CheckerState::connection).
//    Only for HTTP_GET, SSL_GET, SMTP_CHECK and DNS_CHECK (nullptr for other types).

#include "attempt/attempt.hpp"
#include "check/checker_state.hpp"
#include "config/model.hpp"
#include "http/url_check.hpp"
#include "tls/client_context.hpp"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace vigil::attempt {

class Attempts {
public:
    // `log` receives keepalived's lines from compiling the urls and building the context.
    Attempts(const config::Config& config, std::vector<std::string>& log);
    ~Attempts();
    Attempts(const Attempts&) = delete;
    Attempts& operator=(const Attempts&) = delete;

    [[nodiscard]] bool tls_failed() const noexcept { return tls_failed_; }

    std::unique_ptr<Attempt> start(const check::CheckerState& checker, const config::RealServer& rs,
                                   const config::VirtualServer& vs, check::TimePoint now);

private:
    std::unordered_map<const config::Checker*, std::vector<http::UrlCheck>> urls_;
    std::shared_ptr<const http::RegexJitStack> jit_stack_;
    std::unique_ptr<tls::ClientContext> tls_;
    bool tls_failed_ = false;
    std::minstd_rand dns_ids_;
};

} // namespace vigil::attempt
