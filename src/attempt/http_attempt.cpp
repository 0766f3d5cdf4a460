#include "attempt/http_attempt.hpp"

#include "attempt/stream_pump.hpp"

namespace vigil::attempt {

namespace {

Interest wants(const http::Exchange& exchange) noexcept {
    const http::Interest interest = exchange.interest();
    return {interest.read, interest.write};
}

bool running(const http::Exchange& exchange) noexcept { return exchange.end() == http::ExchangeEnd::running; }

} // namespace

HttpAttempt::HttpAttempt(const probe::Target& target, http::ExchangeOptions options, const http::UrlCheck& url,
                         check::TimePoint now)
    : exchange_(std::move(options)), url_(url) {
    probe::OpenedSocket socket = probe::open_and_connect(target, probe::Transport::tcp);
    if (!socket.fd) {
        log_.emplace_back("WEB connection fail to create socket. Rescheduling.");
        finish({check::Outcome::not_run});
        return;
    }
    fd_ = std::move(socket.fd);
    exchange_.start(socket.status, now);
    if (exchange_.end() == http::ExchangeEnd::not_run) {
        if (!socket.problem.empty()) {
            log_.push_back(std::move(socket.problem));
        }
        log_.emplace_back("WEB socket bind failed. Rescheduling");
    }
    settle();
}

Interest HttpAttempt::interest() const noexcept { return wants(exchange_); }

void HttpAttempt::on_ready(std::uint32_t events, check::TimePoint now) {
    if (!over()) {
        pump_stream(exchange_, fd_.get(), events, now, wants, running);
        settle();
    }
}

void HttpAttempt::on_deadline(check::TimePoint now) {
    if (!over()) {
        exchange_.on_deadline(now);
        settle();
    }
}

void HttpAttempt::settle() {
    switch (exchange_.end()) {
    case http::ExchangeEnd::running:
        return;
    case http::ExchangeEnd::not_run:
        finish({check::Outcome::not_run});
        return;
    case http::ExchangeEnd::failed:
        finish({check::Outcome::failed, 0, exchange_.failure(), std::nullopt});
        return;
    case http::ExchangeEnd::response:
        break;
    }
    const http::ResponseReader& reader = exchange_.reader();
    const http::Judgement verdict = http::judge(url_, reader, exchange_.digest());
    check::CheckResult result{verdict.ok ? check::Outcome::success : check::Outcome::failed, 0, verdict.text,
                              std::nullopt};
    if (reader.header_complete() && url_.status_codes.contains(reader.status_code())) {
        result.length = check::LengthCheck{
            reader.content_length() == http::unknown_length ? UINT64_MAX : reader.content_length(),
            reader.body_bytes()};
    }
    finish(std::move(result));
}

} // namespace vigil::attempt
