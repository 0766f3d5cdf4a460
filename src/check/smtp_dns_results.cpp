// Engine: the end of one SMTP_CHECK attempt (keepalived 2.2.7 check_smtp.c smtp_final) and
// of one DNS_CHECK attempt (check_dns.c dns_final), with their log lines and mails.
//
// Their retry rules differ from the other socket checkers': an SMTP checker starts every
// regular attempt with no retry spent (so one failure is never enough, even at start-up),
// logs failures only once retries are exhausted (or with log_all_failures), and a failure
// does not count as having run; a DNS checker logs its failure with the retries done and
// comes up without a log line.
#include "check/engine.hpp"

#include <fmt/format.h>

namespace vigil::check {

Duration Engine::smtp_result(Pool& pool, CheckerState& checker, const CheckResult& result) {
    if (checker.regular_attempt) {
        checker.retry_it = 0;  // smtp_start_check_thread
    }
    const std::string& rs_name = rs_of(checker).name;
    if (result.outcome != Outcome::success) {
        if ((checker.is_up || !checker.has_run) &&
            (log_all_failures_ || checker.log_all_failures || checker.retry_it >= checker.retry)) {
            pool.log(fmt::format("SMTP_CHECK {}", result.detail));
        }
        if (++checker.retry_it <= checker.retry) {
            checker.regular_attempt = false;
            return checker.delay_before_retry;
        }
        if (checker.is_up || !checker.has_run) {
            const bool was_up = checker.is_up;
            const bool was_alive = rs_of(checker).alive;
            update_checker_state(pool, checker, false);
            if (rs_of(checker).smtp_alert && was_up && (was_alive != rs_of(checker).alive || !no_checker_emails_)) {
                checker_mail(pool, checker, fmt::format("=> CHECK failed on service : {} <=", result.detail).c_str());
            }
        }
        checker.regular_attempt = true;
        return checker.delay_loop;
    }
    checker.retry_it = 0;
    if (!checker.is_up || !checker.has_run) {
        pool.log(fmt::format("Remote SMTP server {} succeed on service.", rs_name));
        const bool was_up = checker.is_up;
        const bool was_alive = rs_of(checker).alive;
        update_checker_state(pool, checker, true);
        if (rs_of(checker).smtp_alert && !was_up && (was_alive != rs_of(checker).alive || !no_checker_emails_)) {
            checker_mail(pool, checker, "=> CHECK succeed on service <=");
        }
    }
    checker.has_run = true;
    checker.regular_attempt = true;
    return checker.delay_loop;
}

Duration Engine::dns_result(Pool& pool, CheckerState& checker, const CheckResult& result) {
    const std::string& rs_name = rs_of(checker).name;
    if (result.outcome != Outcome::success) {
        if (checker.is_up || !checker.has_run) {
            if (!result.detail.empty() &&
                (log_all_failures_ || checker.log_all_failures || checker.retry_it >= checker.retry)) {
                std::string text = result.detail;
                if (checker.has_run && checker.retry_it >= checker.retry) {
                    text += fmt::format(" after {} retries", checker.retry);
                }
                pool.log(fmt::format("DNS_CHECK ({}) {}", rs_name, text));
            }
            if (checker.retry_it < checker.retry) {
                ++checker.retry_it;
                checker.has_run = true;
                return checker.delay_before_retry;
            }
            const bool was_up = checker.is_up;
            const bool was_alive = rs_of(checker).alive;
            update_checker_state(pool, checker, false);
            if (was_up && rs_of(checker).smtp_alert && (was_alive != rs_of(checker).alive || !no_checker_emails_)) {
                checker_mail(pool, checker, "=> DNS_CHECK: failed on service <=");
            }
        }
    } else if (!checker.is_up || !checker.has_run) {
        const bool was_up = checker.is_up;
        const bool was_alive = rs_of(checker).alive;
        update_checker_state(pool, checker, true);
        if (!was_up && rs_of(checker).smtp_alert && (was_alive != rs_of(checker).alive || !no_checker_emails_)) {
            checker_mail(pool, checker, "=> DNS_CHECK: succeed on service <=");
        }
    }
    checker.retry_it = 0;
    return checker.delay_loop;
}

} // namespace vigil::check
