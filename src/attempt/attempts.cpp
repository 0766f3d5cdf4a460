#include "attempt/attempts.hpp"

#include "attempt/dns_attempt.hpp"
#include "attempt/http_attempt.hpp"
#include "attempt/smtp_attempt.hpp"
#include "attempt/target.hpp"
#include "check/engine.hpp"
#include "check/names.hpp"
#include "http/request.hpp"

namespace vigil::attempt {

Attempts::Attempts(const config::Config& config, std::vector<std::string>& log)
    : dns_ids_(static_cast<std::minstd_rand::result_type>(std::random_device{}())) {
    if (!config.lvs_) {
        return;
    }
    http::UrlCompiler compiler;
    bool ssl_required = false;
    for (const auto& vs : config.lvs_->virtual_servers_) {
        for (const auto& rs : vs.real_servers_) {
            for (const auto& checker : rs.checkers_) {
                const auto* web = std::get_if<config::HttpCheck>(&checker.detail_);
                if (web == nullptr) {
                    continue;
                }
                ssl_required = ssl_required || checker.type_ == config::CheckerType::ssl_get;
                auto& urls = urls_[&checker];
                urls.reserve(web->urls_.size());
                for (const auto& url : web->urls_) {
                    urls.push_back(compiler.compile(url, log));
                }
            }
        }
    }
    jit_stack_ = compiler.jit_stack();
    if (ssl_required) {
        tls_ = tls::ClientContext::create(config.lvs_->ssl_, log);
        tls_failed_ = tls_ == nullptr;
    }
}

Attempts::~Attempts() = default;

std::unique_ptr<Attempt> Attempts::start(const check::CheckerState& checker, const config::RealServer& rs,
                                         const config::VirtualServer& vs, check::TimePoint now) {
    const config::Checker& cfg = *checker.config;
    switch (checker.type) {
    case config::CheckerType::http_get:
    case config::CheckerType::ssl_get: {
        const auto found = urls_.find(&cfg);
        const auto& web = std::get<config::HttpCheck>(cfg.detail_);
        if (found == urls_.end() || found->second.empty() || (checker.type == config::CheckerType::ssl_get && !tls_)) {
            return nullptr;
        }
        const std::size_t index = checker.url_index < found->second.size() ? checker.url_index : 0;
        const http::UrlCheck& url = found->second[index];
        const config::HttpUrl& written = web.urls_[index];
        const probe::Target target = target_of(cfg.connection_, rs);
        http::ExchangeOptions options;
        options.request = http::build_request(
            {written.path_, web.protocol_, http::request_host(written, web, rs, vs), target.address, target.port});
        options.timeout = timeout_of(cfg.connection_);
        if (checker.type == config::CheckerType::ssl_get) {
            options.tls = tls_.get();
            if (web.enable_sni_) {
                if (const auto name = http::sni_host(written, web, vs)) {
                    options.server_name = std::string(*name);
                }
            }
        }
        options.reader = http::reader_options(url, jit_stack_.get());
        return std::make_unique<HttpAttempt>(target, std::move(options), url, now);
    }
    case config::CheckerType::smtp: {
        const auto& smtp = std::get<config::SmtpCheck>(cfg.detail_);
        const config::ConnectionOptions& connection = check::checker_connection(checker);
        const auto timeout = connection.connect_timeout_ ? *connection.connect_timeout_ : timeout_of(cfg.connection_);
        return std::make_unique<SmtpAttempt>(target_of(connection, rs), smtp.helo_name_, timeout,
                                             address_pair(rs.address_, rs.port_), now);
    }
    case config::CheckerType::dns: {
        const auto id = static_cast<std::uint16_t>(dns_ids_() & 0xffffU);
        return std::make_unique<DnsAttempt>(target_of(cfg.connection_, rs), id, std::get<config::DnsCheck>(cfg.detail_),
                                            timeout_of(cfg.connection_), check::trio(rs.address_, vs.protocol_, rs.port_),
                                            now);
    }
    case config::CheckerType::tcp:
    case config::CheckerType::udp:
    case config::CheckerType::ping:
    case config::CheckerType::misc:
    case config::CheckerType::file:
    case config::CheckerType::bfd:
        break;
    }
    return nullptr;
}

} // namespace vigil::attempt
