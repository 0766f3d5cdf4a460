#include "probe/smtp_dialogue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace vigil::probe {

SmtpDialogue::SmtpDialogue(std::string helo_name, Duration timeout, const std::string& address, std::uint16_t port,
                           std::string real_server)
    : helo_name_(std::move(helo_name)), timeout_(timeout), address_(address),
      server_(fmt::format("[{}]:{}", address, port)), real_server_(std::move(real_server)) {}

void SmtpDialogue::fail(const char* reason) {
    step_ = Step::done;
    end_ = DialogueEnd::failed;
    failure_ = fmt::format(fmt::runtime(reason), server_);
    deadline_ = no_deadline;
}

void SmtpDialogue::start(ConnectStatus status, TimePoint now) {
    switch (status) {
    case ConnectStatus::connected:
    case ConnectStatus::in_progress:
        step_ = Step::connecting;
        deadline_ = now + timeout_;
        return;
    case ConnectStatus::failed:
    case ConnectStatus::timed_out:
        step_ = Step::done;
        end_ = DialogueEnd::failed;
        failure_ = fmt::format("Network unreachable for server {} - real server {}", address_, real_server_);
        return;
    case ConnectStatus::error:
        step_ = Step::done;
        end_ = DialogueEnd::not_run;
        return;
    }
}

void SmtpDialogue::on_connect(ConnectStatus status, TimePoint now) {
    if (step_ != Step::connecting) {
        return;
    }
    switch (status) {
    case ConnectStatus::connected: expect_line(Step::banner, now); return;
    case ConnectStatus::in_progress: return;
    case ConnectStatus::timed_out: fail("Connection timeout to server {}"); return;
    case ConnectStatus::failed: fail("Could not connect to server {}"); return;
    case ConnectStatus::error: fail("Error connecting to server {}"); return;
    }
}

bool SmtpDialogue::wants_read() const noexcept {
    return step_ == Step::banner || step_ == Step::helo_reply || step_ == Step::quit_reply;
}

bool SmtpDialogue::wants_write() const noexcept {
    return step_ == Step::connecting || step_ == Step::send_helo || step_ == Step::send_quit;
}

void SmtpDialogue::expect_line(Step step, TimePoint now) {
    step_ = step;
    filled_ = 0;
    buffer_[0] = '\0';
    deadline_ = now + timeout_;
}

void SmtpDialogue::send(Step step, const std::string& line, TimePoint now) {
    // snprintf into the 512-byte buffer: a longer line is cut.
    const std::size_t length = std::min(line.size(), buffer_.size() - 1);
    std::memcpy(buffer_.data(), line.data(), length);
    buffer_[length] = '\0';
    filled_ = length;
    step_ = step;
    deadline_ = now + timeout_;
}

std::span<const char> SmtpDialogue::output() const noexcept {
    if (step_ == Step::send_helo || step_ == Step::send_quit) {
        return {buffer_.data(), filled_};
    }
    return {};
}

void SmtpDialogue::on_sent(std::size_t count, TimePoint now) {
    if (step_ != Step::send_helo && step_ != Step::send_quit) {
        return;
    }
    if (count == 0) {
        fail("Write failure to server {}");
        return;
    }
    // keepalived writes once: a short write counts as sent.
    expect_line(step_ == Step::send_helo ? Step::helo_reply : Step::quit_reply, now);
}

void SmtpDialogue::on_send_failed(TimePoint /*now*/) {
    if (step_ == Step::send_helo || step_ == Step::send_quit) {
        fail("Write failure to server {}");
    }
}

std::span<char> SmtpDialogue::input_area() noexcept {
    if (filled_ >= buffer_.size() - 1) {
        // keepalived wraps a full buffer by clearing it.
        note_ = fmt::format("SMTP_CHECK Buffer overflow reading from server {}. Increase SMTP_BUFF_MAX in check_smtp.h",
                            server_);
        filled_ = 0;
    }
    return {buffer_.data() + filled_, buffer_.size() - filled_ - 1};
}

void SmtpDialogue::on_received(std::size_t count, TimePoint now) {
    if (!wants_read()) {
        return;
    }
    if (count == 0) {
        fail("Read failure from server {}");
        return;
    }
    filled_ += count;
    buffer_[filled_] = '\0';
    char* newline = std::strchr(buffer_.data(), '\n');
    if (newline == nullptr) {
        deadline_ = now + timeout_;
        return;
    }
    *newline = '\0';
    on_line(now);
}

void SmtpDialogue::on_receive_failed(TimePoint /*now*/) {
    if (wants_read()) {
        fail("Read failure from server {}");
    }
}

int SmtpDialogue::reply_code(const char* line) noexcept {
    char* end = nullptr;
    const unsigned long code = std::strtoul(line, &end, 10);
    if (end - line != 3 || (*end != '\0' && *end != ' ')) {
        return -1;
    }
    return static_cast<int>(code);
}

void SmtpDialogue::on_line(TimePoint now) {
    switch (step_) {
    case Step::banner:
        if (reply_code(buffer_.data()) != 220) {
            fail("Bad greeting banner from server {}");
            return;
        }
        send(Step::send_helo, fmt::format("HELO {}\r\n", helo_name_), now);
        return;
    case Step::helo_reply:
        if (reply_code(buffer_.data()) != 250) {
            fail("Bad HELO response from server {}");
            return;
        }
        send(Step::send_quit, "QUIT\r\n", now);
        return;
    case Step::quit_reply:
        step_ = Step::done;
        end_ = DialogueEnd::success;
        deadline_ = no_deadline;
        return;
    default: return;
    }
}

void SmtpDialogue::on_deadline(TimePoint now) {
    if (now < deadline_) {
        return;
    }
    switch (step_) {
    case Step::connecting: fail("Connection timeout to server {}"); return;
    case Step::banner:
    case Step::helo_reply:
    case Step::quit_reply: fail("Read timeout from server {}"); return;
    case Step::send_helo:
    case Step::send_quit: fail("Write timeout to server {}"); return;
    case Step::done: return;
    }
}

} // namespace vigil::probe
