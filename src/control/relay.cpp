#include "control/relay.hpp"

#include "control/connect.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigil::control {
namespace {

constexpr std::chrono::seconds sweep_interval{1};

} // namespace

Relay::Relay(runtime::EventLoop& loop, Server& server, std::string upstream_path, std::string who)
    : loop_(loop), server_(server), path_(std::move(upstream_path)), who_(std::move(who)) {
    sweep_timer_ = loop_.create_timer([this] { sweep(); });
}

Relay::~Relay() {
    while (!upstreams_.empty()) {
        loop_.remove_reader(upstreams_.front().fd.get());
        upstreams_.pop_front();
    }
    loop_.destroy_timer(sweep_timer_);
}

void Relay::abandon() noexcept {
    for (Upstream& u : upstreams_) {
        u.fd.reset();
    }
}

bool Relay::forward(ClientId client, const Request& request, std::string& error) noexcept {
    try {
        UniqueFd fd = connect_now(path_, error);
        if (!fd) {
            return false;
        }
        const std::string line = request_line(request);
        const ssize_t n = ::send(fd.get(), line.data(), line.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n != static_cast<ssize_t>(line.size())) {
            error = n < 0 ? std::string(std::strerror(errno)) : "short write";
            return false;
        }
        upstreams_.push_back(Upstream{client, request.id, std::move(fd), {}, runtime::Clock::now() + reply_timeout});
        const auto u = std::prev(upstreams_.end());
        if (const std::error_code ec = loop_.add_reader(u->fd.get(), [this, u](std::uint32_t) { on_readable(u); })) {
            error = ec.message();
            upstreams_.erase(u);
            return false;
        }
        if (!loop_.armed(sweep_timer_)) {
            loop_.arm(sweep_timer_, runtime::Clock::now() + sweep_interval);
        }
        return true;
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
}

void Relay::on_readable(Iterator u) noexcept {
    char buffer[16 * 1024];
    std::size_t budget = read_chunk;
    while (budget > 0) {
        const ssize_t n = ::recv(u->fd.get(), buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
            finish(u, who_ + " closed the connection before replying");
            return;
        }
        if (n < 0) {
            break;
        }
        budget -= std::min(budget, static_cast<std::size_t>(n));
        try {
            u->input.append(buffer, static_cast<std::size_t>(n));
        } catch (...) {
            finish(u, "out of memory");
            return;
        }
    }
    std::size_t start = 0;
    for (std::size_t nl = u->input.find('\n'); nl != std::string::npos; nl = u->input.find('\n', start)) {
        if (!server_.connected(u->client)) {
            finish(u, "");
            return;
        }
        const std::string_view line(u->input.data() + start, nl + 1 - start);
        if (!u->replied) {
            u->replied = true;
            server_.reply(u->client, std::string(line));
        } else {
            server_.send(u->client, line); // an event of `events --follow`
        }
        start = nl + 1;
    }
    u->input.erase(0, start);
    if (u->input.size() > max_reply_line) {
        finish(u, who_ + "'s reply is too long");
    }
}

void Relay::finish(Iterator u, std::string_view why) noexcept {
    if (!u->replied && !why.empty()) {
        server_.reply(u->client, reply_error(u->id, ErrorCode::failed, why));
    }
    loop_.remove_reader(u->fd.get());
    upstreams_.erase(u);
}

void Relay::sweep() noexcept {
    const runtime::TimePoint now = runtime::Clock::now();
    for (auto u = upstreams_.begin(); u != upstreams_.end();) {
        const auto next = std::next(u);
        if (!server_.connected(u->client)) {
            finish(u, "");
        } else if (!u->replied && now >= u->deadline) {
            finish(u, who_ + " did not reply in time");
        }
        u = next;
    }
    if (!upstreams_.empty()) {
        loop_.arm(sweep_timer_, now + sweep_interval);
    }
}

} // namespace vigil::control
