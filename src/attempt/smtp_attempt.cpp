#include "attempt/smtp_attempt.hpp"

#include "attempt/stream_pump.hpp"

namespace vigil::attempt {

namespace {

Interest wants(const probe::SmtpDialogue& dialogue) noexcept { return {dialogue.wants_read(), dialogue.wants_write()}; }

bool running(const probe::SmtpDialogue& dialogue) noexcept { return dialogue.end() == probe::DialogueEnd::running; }

} // namespace

SmtpAttempt::SmtpAttempt(const probe::Target& target, std::string helo_name, check::Duration timeout,
                         std::string real_server, check::TimePoint now)
    : dialogue_(std::move(helo_name), timeout, target.address.to_string(), target.port, std::move(real_server)) {
    probe::OpenedSocket socket = probe::open_and_connect(target, probe::Transport::tcp);
    if (!socket.fd) {
        log_.emplace_back("SMTP_CHECK connection failed to create socket. Rescheduling.");
        finish({check::Outcome::not_run});
        return;
    }
    fd_ = std::move(socket.fd);
    dialogue_.start(socket.status, now);
    if (dialogue_.end() == probe::DialogueEnd::not_run) {
        if (!socket.problem.empty()) {
            log_.push_back(std::move(socket.problem));
        }
        log_.emplace_back("SMTP_CHECK socket bind failed. Rescheduling.");
    }
    settle();
}

Interest SmtpAttempt::interest() const noexcept { return wants(dialogue_); }

void SmtpAttempt::on_ready(std::uint32_t events, check::TimePoint now) {
    if (!over()) {
        pump_stream(dialogue_, fd_.get(), events, now, wants, running);
        settle();
    }
}

void SmtpAttempt::on_deadline(check::TimePoint now) {
    if (!over()) {
        dialogue_.on_deadline(now);
        settle();
    }
}

void SmtpAttempt::settle() {
    if (!noted_ && !dialogue_.note().empty()) {
        log_.push_back(dialogue_.note());
        noted_ = true;
    }
    switch (dialogue_.end()) {
    case probe::DialogueEnd::running:
        return;
    case probe::DialogueEnd::not_run:
        finish({check::Outcome::not_run});
        return;
    case probe::DialogueEnd::failed:
        finish({check::Outcome::failed, 0, dialogue_.failure(), std::nullopt});
        return;
    case probe::DialogueEnd::success:
        finish({check::Outcome::success});
        return;
    }
}

} // namespace vigil::attempt
