// The checker process's control socket: the server, the requests, and the per-checker
// records (check_control.hpp).
#include "checkd/check_control.hpp"

#include "control/client.hpp"
#include "control/lvs_schema.hpp"
#include "metrics/render_lvs.hpp"
#include "metrics/text_format.hpp"
#include "process/parent_control.hpp"
#include "util/log.hpp"

#include <chrono>

namespace vigil::checkd {

namespace {

double now_epoch() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool failure(check::Outcome outcome) noexcept {
    return outcome != check::Outcome::success && outcome != check::Outcome::not_run;
}

} // namespace

std::string_view checker_keyword(config::CheckerType type) noexcept {
    switch (type) {
    case config::CheckerType::http_get: return "HTTP_GET";
    case config::CheckerType::ssl_get: return "SSL_GET";
    case config::CheckerType::tcp: return "TCP_CHECK";
    case config::CheckerType::smtp: return "SMTP_CHECK";
    case config::CheckerType::dns: return "DNS_CHECK";
    case config::CheckerType::misc: return "MISC_CHECK";
    case config::CheckerType::udp: return "UDP_CHECK";
    case config::CheckerType::ping: return "PING_CHECK";
    case config::CheckerType::file: return "FILE_CHECK";
    case config::CheckerType::bfd: return "BFD_CHECK";
    }
    return "TCP_CHECK";
}

std::string_view outcome_word(check::Outcome outcome) noexcept {
    switch (outcome) {
    case check::Outcome::success: return "success";
    case check::Outcome::failed: return "failed";
    case check::Outcome::timed_out: return "timed_out";
    case check::Outcome::mismatch: return "mismatch";
    case check::Outcome::not_run: return "not_run";
    case check::Outcome::exited: return "exited";
    case check::Outcome::signalled: return "signalled";
    case check::Outcome::script_timeout: return "script_timeout";
    }
    return "failed";
}

void CheckControl::start(runtime::EventLoop& loop, const std::string& path, View view) noexcept {
    view_ = std::move(view);
    started_ = now_epoch();
    if (path.empty()) {
        return;
    }
    const std::string own = process::check_socket_path(path);
    try {
        std::string error;
        if (control::Client::connect(own, error)) {
            log::warning("Control socket {} is in use by another process - not serving it", own);
            return;
        }
        server_ = std::make_unique<control::Server>(
            loop, [this](control::ClientId, const control::Peer&, const control::Request& request) {
                return on_request(request);
            });
        std::string what;
        if (const std::error_code ec = server_->listen({own, 0600, std::nullopt}, what)) {
            log::error("Control socket {}: {} failed - {}", own, what, ec.message());
            server_.reset();
        }
    } catch (const std::exception& e) {
        log::error("Control socket {}: {}", own, e.what());
        server_.reset();
    }
}

void CheckControl::serve_metrics(runtime::EventLoop& loop, const std::string& text) noexcept {
    try {
        metrics::ListenAddress address;
        if (!metrics::parse_listen_address(text, address)) {
            log::error("--metrics-listen={}: expected ADDRESS:PORT - metrics are not served", text);
            return;
        }
        http_ = std::make_unique<metrics::HttpListener>(loop, [this] { return metrics::render_lvs(view_()); });
        if (const std::error_code ec = http_->listen(address)) {
            log::error("Metrics listener {}: {}", text, ec.message());
            http_.reset();
        }
    } catch (const std::exception& e) {
        log::error("Metrics listener {}: {}", text, e.what());
        http_.reset();
    }
}

control::Outcome CheckControl::on_request(const control::Request& r) noexcept {
    using control::ErrorCode;
    try {
        switch (r.method) {
        case control::Method::status:
            return {control::reply_result(r.id, control::lvs_status_result(view_()))};
        case control::Method::stats:
            return {control::reply_result(r.id, control::lvs_stats_result(view_()))};
        case control::Method::metrics: {
            control::Json result = control::Json::object();
            result.set("content_type", std::string(metrics::content_type));
            result.set("text", metrics::render_lvs(view_()));
            return {control::reply_result(r.id, result)};
        }
        case control::Method::explain:
        case control::Method::events:
        case control::Method::reload:
        case control::Method::processes:
            break;
        }
        return {control::reply_error(r.id, ErrorCode::unknown_method,
                                     std::string(control::method_name(r.method)) +
                                         " is not answered by the checker process")};
    } catch (const std::exception& e) {
        return {control::reply_error(r.id, ErrorCode::failed, e.what())};
    }
}

void CheckControl::note_result(std::size_t id, const check::CheckResult& result,
                               std::span<const check::CheckerState> checkers) noexcept {
    if (id >= records_.size() || id >= checkers.size()) {
        return;
    }
    Record& r = records_[id];
    const double now = now_epoch();
    r.last = result.outcome;
    r.reported = true;
    r.code = result.code;
    r.last_time = now;
    if (failure(result.outcome)) {
        ++r.failures;
        ++r.consecutive_failures;
    } else if (result.outcome == check::Outcome::success) {
        r.consecutive_failures = 0;
    }
    if (checkers[id].is_up != r.up) {
        r.up = checkers[id].is_up;
        r.since = now;
    }
}

void CheckControl::resync(std::span<const check::CheckerState> checkers) noexcept {
    if (checkers.size() != records_.size()) {
        reset(checkers);
        return;
    }
    double now = 0;
    for (std::size_t i = 0; i < checkers.size(); ++i) {
        if (checkers[i].is_up != records_[i].up) {
            now = now == 0 ? now_epoch() : now;
            records_[i].up = checkers[i].is_up;
            records_[i].since = now;
        }
    }
}

void CheckControl::reloaded(std::span<const check::CheckerState> checkers) noexcept {
    ++reloads_;
    last_reload_ = now_epoch();
    reset(checkers);
}

void CheckControl::reset(std::span<const check::CheckerState> checkers) noexcept {
    try {
        records_.assign(checkers.size(), Record{});
        for (std::size_t i = 0; i < checkers.size(); ++i) {
            records_[i].up = checkers[i].is_up;
        }
    } catch (...) {
        records_.clear();
    }
}

} // namespace vigil::checkd
