#include "control/fetch.hpp"

#include "control/connect.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace vigil::control {

Fetch::Fetch(runtime::EventLoop& loop, std::chrono::milliseconds timeout) : loop_(loop), timeout_(timeout) {
    sweep_timer_ = loop_.create_timer([this] { sweep(); });
}

Fetch::~Fetch() {
    for (Pending& p : pending_) {
        loop_.remove_reader(p.fd.get());
    }
    loop_.destroy_timer(sweep_timer_);
}

void Fetch::get(const std::string& path, const Request& request, Done done) noexcept {
    try {
        std::string error;
        UniqueFd fd = connect_now(path, error);
        const std::string line = fd ? request_line(request) : std::string();
        if (!fd || ::send(fd.get(), line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT) !=
                       static_cast<ssize_t>(line.size())) {
            done(nullptr);
            return;
        }
        pending_.push_back(Pending{std::move(fd), {}, runtime::Clock::now() + timeout_, std::move(done)});
        const auto p = std::prev(pending_.end());
        if (loop_.add_reader(p->fd.get(), [this, p](std::uint32_t) { on_readable(p); })) {
            Done d = std::move(p->done);
            pending_.erase(p);
            d(nullptr);
            return;
        }
        if (!loop_.armed(sweep_timer_)) { // one timeout for all: the armed deadline is earlier
            loop_.arm(sweep_timer_, p->deadline);
        }
    } catch (...) {
        if (done) {
            done(nullptr);
        }
    }
}

void Fetch::on_readable(Iterator p) noexcept {
    char buffer[16 * 1024];
    for (;;) {
        const ssize_t n = ::recv(p->fd.get(), buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            finish(p, nullptr);
            return;
        }
        if (n < 0) {
            break;
        }
        try {
            p->input.append(buffer, static_cast<std::size_t>(n));
        } catch (...) {
            finish(p, nullptr);
            return;
        }
        if (p->input.size() > max_reply) {
            finish(p, nullptr);
            return;
        }
    }
    const std::size_t nl = p->input.find('\n');
    if (nl == std::string::npos) {
        return;
    }
    auto parsed = parse_json(std::string_view(p->input).substr(0, nl));
    const Json* reply = std::get_if<Json>(&parsed);
    finish(p, reply != nullptr ? reply->find("result") : nullptr);
}

void Fetch::finish(Iterator p, const Json* result) noexcept {
    loop_.remove_reader(p->fd.get());
    Done done = std::move(p->done);
    pending_.erase(p); // `result` points into a parsed copy, not into `p`
    try {
        done(result);
    } catch (...) {
    }
}

void Fetch::sweep() noexcept {
    const runtime::TimePoint now = runtime::Clock::now();
    runtime::TimePoint next = runtime::TimePoint::max();
    for (auto p = pending_.begin(); p != pending_.end();) {
        const auto following = std::next(p);
        if (now >= p->deadline) {
            finish(p, nullptr);
        } else if (p->deadline < next) {
            next = p->deadline;
        }
        p = following;
    }
    if (next != runtime::TimePoint::max()) {
        loop_.arm(sweep_timer_, next);
    }
}

} // namespace vigil::control
