#pragma once
// SMTP_CHECK: one connection through greeting, HELO and QUIT (check_smtp.c). The result's
// detail is keepalived's reason, logged after "SMTP_CHECK " ("Bad HELO response from server
// [ip]:port", "Read timeout from server [ip]:port", ...).

#include "attempt/attempt.hpp"
#include "probe/smtp_dialogue.hpp"
#include "probe/target.hpp"

#include <string>

namespace vigil::attempt {

class SmtpAttempt final : public Attempt {
public:
    // `real_server`: "[ip]:port" of the real server (keepalived's unreachable message).
    SmtpAttempt(const probe::Target& target, std::string helo_name, check::Duration timeout, std::string real_server,
                check::TimePoint now);

    [[nodiscard]] Interest interest() const noexcept override;
    [[nodiscard]] check::TimePoint deadline() const noexcept override { return dialogue_.deadline(); }
    void on_ready(std::uint32_t events, check::TimePoint now) override;
    void on_deadline(check::TimePoint now) override;

private:
    void settle();

    probe::SmtpDialogue dialogue_;
    bool noted_ = false;  // the dialogue's note is logged once
};

} // namespace vigil::attempt
