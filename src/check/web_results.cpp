// Engine: the end of one HTTP_GET / SSL_GET attempt (keepalived 2.2.7 check_http.c:
// http_handle_response, timeout_epilog and epilog), with their log lines and mails.
//
// One attempt fetches one url (CheckerState::url_index). A url that passes moves on to the
// next one after delay_loop; when the last passes the checker is up. A failing url is
// retried after delay_before_retry until `retry` is exhausted, then the checker goes down
// and that url (failed_url) is fetched every max(delay_before_retry, delay_loop) until it
// passes; then all urls are fetched again from the first, each after delay_loop, before
// the checker comes back (so with one url, two successes are needed).
#include "check/engine.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vigil::check {

namespace {

enum class Epilog : std::uint8_t { next_url, retry, failed };

constexpr std::uint64_t no_length = UINT64_MAX;

} // namespace

void Engine::http_length_note(Pool& pool, CheckerState& checker, const LengthCheck& length) {
    const auto& http = std::get<config::HttpCheck>(checker.config->detail_);
    const std::size_t url = checker.url_index;
    const bool mismatch = length.content_length != no_length && length.content_length != length.received;
    const std::int64_t difference =
        mismatch ? static_cast<std::int64_t>(length.content_length) - static_cast<std::int64_t>(length.received) : 0;
    if (checker.url_length_mismatch.size() <= url) {
        if (!mismatch) {
            return;
        }
        checker.url_length_mismatch.resize(http.urls_.size(), 0);
    }
    if (mismatch && checker.url_length_mismatch[url] != difference) {
        const auto& u = http.urls_[url];
        pool.log(fmt::format("http_check for RS {} VS {} url {}{}: content_length ({}) does not match received bytes ({})",
                             rs_of(checker).name, vs_of(checker).name, u.virtualhost_.value_or(""), u.path_,
                             length.content_length, length.received));
    }
    checker.url_length_mismatch[url] = difference;
}

Duration Engine::http_result(Pool& pool, CheckerState& checker, const CheckResult& result) {
    const auto& http = std::get<config::HttpCheck>(checker.config->detail_);
    const std::size_t urls = http.urls_.size();
    const std::string& rs_name = rs_of(checker).name;
    if (checker.url_index >= urls) {
        checker.url_index = 0;
    }

    // http_handle_response / timeout_epilog: which epilog.
    Epilog method = Epilog::next_url;
    if (result.length) {
        http_length_note(pool, checker, *result.length);
    }
    if (result.outcome == Outcome::success) {
        if (!checker.is_up) {
            pool.log(fmt::format("{} success to {} url({})", result.detail, rs_name, http.urls_[checker.url_index].path_));
        }
    } else if (checker.is_up || !checker.has_run) {
        if (log_all_failures_ || checker.log_all_failures) {
            pool.log(fmt::format("{} server {}.", result.detail, rs_name));
        }
        checker.has_run = true;
        method = Epilog::retry;
    } else {
        method = Epilog::failed;
    }

    // epilog
    bool at_end = false;  // keepalived's url_it == NULL
    if (method == Epilog::next_url) {
        at_end = checker.url_index + 1U >= urls;
        checker.url_index = at_end ? 0 : static_cast<std::uint16_t>(checker.url_index + 1U);
        checker.retry_it = 0;
    } else if (method == Epilog::retry) {
        ++checker.retry_it;
    }
    if (method == Epilog::next_url && at_end && checker.failed_url < 0) {
        // Every url passed.
        if (!checker.is_up || !checker.has_run) {
            pool.log(fmt::format("Remote Web server {} succeed on service.", rs_name));
            const bool was_up = checker.is_up;
            const bool was_alive = rs_of(checker).alive;
            update_checker_state(pool, checker, true);
            if (!was_up && rs_of(checker).smtp_alert && (was_alive != rs_of(checker).alive || !no_checker_emails_)) {
                checker_mail(pool, checker, "=> CHECK succeed on service <=");
            }
            checker.has_run = true;
        }
        checker.url_index = 0;
        checker.retry_it = 0;
    } else if (method == Epilog::retry && checker.retry_it > checker.retry) {
        if (checker.is_up || !checker.has_run) {
            if (checker.has_run && checker.retry != 0) {
                pool.log(fmt::format("HTTP_CHECK on service {} failed after {} retries.", rs_name, checker.retry_it - 1));
            } else {
                pool.log(fmt::format("HTTP_CHECK on service {} failed.", rs_name));
            }
            const bool was_up = checker.is_up;
            const bool was_alive = rs_of(checker).alive;
            update_checker_state(pool, checker, false);
            if (was_up && rs_of(checker).smtp_alert && (was_alive != rs_of(checker).alive || !no_checker_emails_)) {
                checker_mail(pool, checker, "=> CHECK failed on service : HTTP request failed <=");
            }
        }
        checker.failed_url = static_cast<std::int16_t>(checker.url_index);
    } else if (method == Epilog::next_url && checker.failed_url >= 0) {
        // The failed url passes again: check them all from the first.
        checker.failed_url = -1;
        checker.url_index = 0;
        checker.retry_it = 0;
    }

    Duration delay = checker.delay_before_retry;
    if (method == Epilog::next_url) {
        delay = checker.delay_loop;
        if (!checker.has_run) {
            checker.retry_it = checker.retry;
        }
    } else if (checker.failed_url >= 0) {
        delay = std::max(checker.delay_before_retry, checker.delay_loop);
    }
    if (http.fast_recovery_ && (!checker.has_run || (!checker.is_up && checker.failed_url < 0))) {
        return Duration::zero();
    }
    return delay;
}

} // namespace vigil::check
