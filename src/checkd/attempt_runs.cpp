// CheckRunner: the attempts of HTTP_GET, SSL_GET, SMTP_CHECK and DNS_CHECK (src/attempt), one
// socket each, watched by the loop until they end or their deadline passes.
#include "checkd/check_runner.hpp"

#include "util/log.hpp"

namespace vigil::checkd {

void CheckRunner::launch_attempt(check::CheckerId id, const check::CheckerState& checker,
                                 const config::RealServer& rs, const config::VirtualServer& vs) {
    Slot& slot = slots_[id];
    std::unique_ptr<attempt::Attempt> started =
        attempts_ != nullptr ? attempts_->start(checker, rs, vs, check::Clock::now()) : nullptr;
    if (!started) {
        slot.active = false;
        defer(id, {check::Outcome::not_run});
        return;
    }
    for (const std::string& line : started->take_log()) {
        log::info("{}", line);
    }
    if (started->over()) {
        slot.active = false;
        defer(id, started->result());
        return;
    }
    const int fd = started->fd();
    const auto interest = started->interest().write ? runtime::EventLoop::Interest::read_write
                                                    : runtime::EventLoop::Interest::read;
    if (loop_.add_reader(fd, [this, id](std::uint32_t events) { on_attempt_event(id, events); },
                         runtime::ReaderPace::immediate, interest)) {
        slot.active = false;
        defer(id, {check::Outcome::not_run});
        return;
    }
    slot.attempt = std::move(started);
    slot.attempt_fd = fd;
    follow_attempt(id);
}

void CheckRunner::on_attempt_event(check::CheckerId id, std::uint32_t events) noexcept {
    Slot& slot = slots_[id];
    if (!slot.attempt) {
        return;
    }
    slot.attempt->on_ready(events, check::Clock::now());
    follow_attempt(id);
}

void CheckRunner::follow_attempt(check::CheckerId id) noexcept {
    Slot& slot = slots_[id];
    attempt::Attempt& running = *slot.attempt;
    for (const std::string& line : running.take_log()) {
        log::info("{}", line);
    }
    if (!running.over()) {
        (void)loop_.set_interest(slot.attempt_fd, running.interest().write ? runtime::EventLoop::Interest::read_write
                                                                           : runtime::EventLoop::Interest::read);
        set_deadline(id, running.deadline());
        return;
    }
    const check::CheckResult result = running.result();
    drop_attempt(slot);
    slot.active = false;
    deadlines_.set(id, check::Schedule::never);
    rearm();
    callback_(id, result);
}

void CheckRunner::drop_attempt(Slot& slot) noexcept {
    if (slot.attempt_fd >= 0) {
        loop_.remove_reader(slot.attempt_fd);
        slot.attempt_fd = -1;
    }
    slot.attempt.reset();
}

} // namespace vigil::checkd
