#include "runtime/log_pump.hpp"

#include "runtime/log_sinks.hpp"

#include <algorithm>

namespace vigil::runtime {

LogPump::LogPump(EventLoop& loop) : loop_(loop), sinks_(LogSinks::current()) {
    if (sinks_ == nullptr) {
        return;
    }
    timer_ = loop_.create_timer([this] { on_timer(); });
    sinks_->set_delivery(LogDelivery::queue);
    sinks_->set_queued_listener([this] { on_queued(); });
}

LogPump::~LogPump() {
    if (sinks_ == nullptr) {
        return;
    }
    if (LogSinks::current() == sinks_) {
        sinks_->set_queued_listener({});
        sinks_->set_delivery(LogDelivery::wait);
    }
    for (int& fd : watched_) {
        if (fd >= 0) {
            loop_.remove_reader(fd);
            fd = -1;
        }
    }
    loop_.destroy_timer(timer_);
}

void LogPump::on_queued() noexcept {
    if (!loop_.armed(timer_)) {
        backoff_ = first_retry;
        loop_.arm(timer_, Clock::now() + backoff_);
    }
    sync_watches();
}

void LogPump::on_timer() noexcept {
    pump();
    if (sinks_->pending()) {
        backoff_ = std::min(backoff_ * 2, last_retry);
        loop_.arm(timer_, Clock::now() + backoff_);
    }
}

void LogPump::pump() noexcept {
    sinks_->flush();
    if (!sinks_->pending()) {
        loop_.disarm(timer_);
        backoff_ = first_retry;
    }
    sync_watches();
}

void LogPump::sync_watches() noexcept {
    const std::array<int, 2> wanted{sinks_->syslog_wait_fd(), sinks_->console_wait_fd()};
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        if (watched_[i] == wanted[i]) {
            continue;
        }
        if (watched_[i] >= 0) {
            loop_.remove_reader(watched_[i]);
            watched_[i] = -1;
        }
        // A regular file (EPERM) or an fd another part of the process watches (EEXIST) is
        // left to the retry timer.
        if (wanted[i] >= 0 && !loop_.add_reader(wanted[i], [this](std::uint32_t) { pump(); }, ReaderPace::immediate,
                                                EventLoop::Interest::write)) {
            watched_[i] = wanted[i];
        }
    }
}

} // namespace vigil::runtime
