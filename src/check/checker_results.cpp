// Engine: the end of one attempt of a checker (keepalived's tcp_epilog, udp_epilog,
// icmp_epilog and misc_check_child_thread), with their log lines and mails.
#include "check/engine.hpp"

#include <fmt/format.h>

namespace vigil::check {

namespace {

// The wording of a socket checker's epilogue.
struct SocketWording {
    const char* success;      // "TCP connection to {} success."
    const char* failed_after; // "... failed after {} retries." (RS, [VS,] retries)
    const char* failed;       // "... failed."
    const char* mail_up;
    const char* mail_down;
    bool names_vs;            // the "failed after" line also names the VS (ICMP)
    bool retries_when_down;   // keepalived 2.2.7's TCP keeps retrying while down
};

SocketWording wording(config::CheckerType type) noexcept {
    switch (type) {
    case config::CheckerType::udp:
        return {"UDP connection to {} success.", "UDP_CHECK on service {} failed after {} retries.",
                "UDP_CHECK on service {} failed.", "=> UDP CHECK succeed on service <=",
                "=> UDP CHECK failed on service <=", false, false};
    case config::CheckerType::ping:
        return {"ICMP connection to {} success.", "ICMP CHECK on service {} of {} failed after {} retries.",
                "ICMP CHECK on service {} failed.", "=> ICMP CHECK succeed on service <=",
                "=> ICMP CHECK failed on service <=", true, false};
    case config::CheckerType::http_get:
    case config::CheckerType::ssl_get:
        return {"Remote Web server {} succeed on service.", "HTTP_CHECK on service {} failed after {} retries.",
                "HTTP_CHECK on service {} failed.", "=> CHECK succeed on service <=",
                "=> CHECK failed on service <=", false, true};
    case config::CheckerType::smtp:
        return {"Remote SMTP server {} succeed on service.", "SMTP_CHECK on service {} failed after {} retries.",
                "SMTP_CHECK on service {} failed.", "=> CHECK succeed on service <=",
                "=> CHECK failed on service <=", false, true};
    case config::CheckerType::dns:
        return {"DNS_CHECK ({}) succeed.", "DNS_CHECK ({}) failed after {} retries.", "DNS_CHECK ({}) failed.",
                "=> DNS_CHECK succeed on service <=", "=> DNS_CHECK failed on service <=", false, true};
    case config::CheckerType::tcp:
    case config::CheckerType::misc:
    case config::CheckerType::file:
    case config::CheckerType::bfd:
        break;
    }
    return {"TCP connection to {} success.", "TCP_CHECK on service {} failed after {} retries.",
            "TCP_CHECK on service {} failed.", "=> TCP CHECK succeed on service <=",
            "=> TCP CHECK failed on service <=", false, true};
}

// The line of one failed attempt, logged with log_all_failures while the checker is up.
std::string attempt_line(config::CheckerType type, Outcome outcome, const std::string& rs, const std::string& vs) {
    switch (type) {
    case config::CheckerType::tcp:
        return fmt::format("TCP connection to {} {}.", rs, outcome == Outcome::timed_out ? "timeout" : "failed");
    case config::CheckerType::udp:
        return outcome == Outcome::mismatch ? fmt::format("UDP check to {} reply data mismatch.", rs)
                                            : fmt::format("UDP connection to {} failed.", rs);
    case config::CheckerType::ping:
        return outcome == Outcome::timed_out ? fmt::format("ICMP connection to address {} timeout.", rs)
                                             : fmt::format("ICMP connection to {} of {} failed.", rs, vs);
    case config::CheckerType::http_get:
    case config::CheckerType::ssl_get:
    case config::CheckerType::smtp:
    case config::CheckerType::dns:
    case config::CheckerType::misc:
    case config::CheckerType::file:
    case config::CheckerType::bfd:
        break;
    }
    return {};
}

} // namespace

Duration Engine::socket_result(Pool& pool, CheckerState& checker, const CheckResult& result) {
    const bool success = result.outcome == Outcome::success;
    const SocketWording words = wording(checker.type);
    const std::string& rs_name = rs_of(checker).name;
    const std::string& vs_name = vs_of(checker).name;
    if (!success && checker.is_up && (log_all_failures_ || checker.log_all_failures)) {
        std::string line = attempt_line(checker.type, result.outcome, rs_name, vs_name);
        if (!line.empty()) {
            pool.log(std::move(line));
        }
    }
    Duration delay = checker.delay_loop;
    const bool final_attempt = words.retries_when_down
                                   ? checker.retry_it >= checker.retry
                                   : (checker.is_up || !checker.has_run) && checker.retry_it >= checker.retry;
    if (success || final_attempt) {
        checker.retry_it = 0;
        const bool was_up = checker.is_up;
        const bool was_alive = rs_of(checker).alive;
        if (success && (!checker.is_up || !checker.has_run)) {
            pool.log(fmt::format(fmt::runtime(words.success), rs_name));
            update_checker_state(pool, checker, true);
            if (rs_of(checker).smtp_alert && !was_up && (was_alive != rs_of(checker).alive || !no_checker_emails_)) {
                checker_mail(pool, checker, words.mail_up);
            }
        } else if (!success && (checker.is_up || !checker.has_run)) {
            if (checker.retry != 0 && checker.has_run) {
                pool.log(words.names_vs ? fmt::format(fmt::runtime(words.failed_after), rs_name, vs_name, checker.retry)
                                        : fmt::format(fmt::runtime(words.failed_after), rs_name, checker.retry));
            } else {
                pool.log(fmt::format(fmt::runtime(words.failed), rs_name));
            }
            update_checker_state(pool, checker, false);
            if (rs_of(checker).smtp_alert && was_up && (was_alive != rs_of(checker).alive || !no_checker_emails_)) {
                checker_mail(pool, checker, words.mail_down);
            }
        }
    } else if (words.retries_when_down || checker.is_up) {
        delay = checker.delay_before_retry;
        ++checker.retry_it;
    }
    checker.has_run = true;
    return delay;
}

TimePoint Engine::misc_result(Pool& pool, CheckerState& checker, const CheckResult& result, TimePoint now) {
    const char* exit_type = nullptr;
    bool success = false;
    const char* reason = nullptr;
    int reason_code = 0;
    bool message_only = false;
    ServerState& rs = rs_of(checker);
    auto count_retry = [&] {
        if (checker.retry_it < checker.retry) {
            ++checker.retry_it;
            if (log_all_failures_ || checker.log_all_failures) {
                message_only = true;
            } else {
                exit_type = nullptr; // retried silently
            }
            return true;
        }
        checker.retry_it = 0;
        return false;
    };
    if (result.outcome == Outcome::exited) {
        const auto status = static_cast<unsigned>(result.code);
        if (status == 0 || (checker.dynamic && status >= 2 && status <= 255)) {
            // misc_dynamic: the weight is two less than the exit status (0..253).
            if (status != checker.last_exit_code) {
                std::int64_t weight = rs.effective_weight - checker.cur_weight;
                checker.cur_weight = status != 0 ? static_cast<std::int64_t>(status) - 2 - rs.configured_weight : 0;
                weight += checker.cur_weight;
                pool.update_weight(vs_of(checker), rs, weight, true);
                checker.last_exit_code = status;
            }
            if (!checker.is_up || !checker.has_run) {
                exit_type = "succeeded";
                success = true;
            }
            checker.retry_it = 0;
        } else if (checker.is_up || !checker.has_run) {
            exit_type = "failed";
            reason = "exited with status";
            reason_code = result.code;
            if (!count_retry()) {
                rs.effective_weight -= checker.cur_weight;
                checker.cur_weight = 0;
                checker.last_exit_code = status;
            }
        }
    } else if (checker.is_up || !checker.has_run) {
        if (result.outcome == Outcome::script_timeout) {
            exit_type = "timed out";
        } else {
            exit_type = "failed";
            reason = "due to signal";
            reason_code = result.code;
        }
        count_retry();
    }
    if (exit_type != nullptr) {
        std::string detail;
        if (!success) {
            if (checker.retry == 0) {
                detail = " with retry disabled";
            } else if (checker.retry_it == 1) {
                detail = fmt::format(", will do {} {}", checker.retry, checker.retry == 1 ? "retry" : "retries");
            } else if (checker.retry_it > 1) {
                detail = fmt::format(" on retry {}/{}", checker.retry_it - 1, checker.retry);
            } else {
                detail = fmt::format(" after {} {}", checker.retry, checker.retry == 1 ? "retry" : "retries");
            }
        }
        const auto& misc = std::get<config::MiscCheck>(checker.config->detail_);
        const std::string path = !misc.script_ ? std::string()
                                 : misc.script_->argv_.empty() ? misc.script_->text_
                                                               : misc.script_->argv_.front();
        if (reason != nullptr) {
            pool.log(fmt::format("Misc check for [{} VS {}] by [{}] {}{} ({} {}).", rs.name, vs_of(checker).name, path,
                                 exit_type, detail, reason, reason_code));
        } else {
            pool.log(fmt::format("Misc check for [{} VS {}] by [{}] {}{}.", rs.name, vs_of(checker).name, path,
                                 exit_type, detail));
        }
        if (!message_only) {
            const bool was_alive = rs.alive;
            update_checker_state(pool, checker, success);
            if (!success) {
                checker.cur_weight = 0;
            }
            if (rs.smtp_alert && (was_alive != rs.alive || !no_checker_emails_)) {
                checker_mail(pool, checker, fmt::format("=> MISC CHECK {} on service <=", exit_type).c_str());
            }
        }
    }
    checker.has_run = true;
    TimePoint next = checker.last_ran + (checker.retry_it != 0 ? checker.delay_before_retry : checker.delay_loop);
    if (next <= now) {
        next = now + Duration{1};
    }
    return next;
}

} // namespace vigil::check
