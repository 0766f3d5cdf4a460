#include "metrics/http_listener.hpp"

#include "metrics/text_format.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <charconv>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace vigil::metrics {

bool parse_listen_address(std::string_view text, ListenAddress& out) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return false;
    }
    std::string_view host = text.substr(0, colon);
    const std::string_view port = text.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) {
        return false;
    }
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const std::string h(host);
    in_addr a4{};
    in6_addr a6{};
    if (!h.empty() && ::inet_pton(AF_INET, h.c_str(), &a4) != 1 && ::inet_pton(AF_INET6, h.c_str(), &a6) != 1) {
        return false;
    }
    out.host = h;
    out.port = static_cast<std::uint16_t>(value);
    return true;
}

std::string http_response(std::string_view head, const HttpListener::Body& body) {
    const std::size_t line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    auto simple = [](std::string_view status, std::string_view extra) {
        return fmt::format("HTTP/1.0 {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n"
                           "{}Connection: close\r\n\r\n{}\n",
                           status, status.size() + 1, extra, status);
    };
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
        return simple("400 Bad Request", "");
    }
    const std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    target = target.substr(0, target.find('?'));
    if (method != "GET" && method != "HEAD") {
        return simple("405 Method Not Allowed", "Allow: GET, HEAD\r\n");
    }
    if (target != "/metrics") {
        return simple("404 Not Found", "");
    }
    const std::string text = body();
    std::string out = fmt::format("HTTP/1.0 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                  content_type, text.size());
    if (method == "GET") {
        out += text;
    }
    return out;
}

HttpListener::HttpListener(runtime::EventLoop& loop, Body body) : loop_(loop), body_(std::move(body)) {
    connections_.resize(max_connections);
    sweep_timer_ = loop_.create_timer([this] { sweep(); });
}

HttpListener::~HttpListener() {
    for (std::size_t s = 0; s < connections_.size(); ++s) {
        close(s);
    }
    loop_.destroy_timer(sweep_timer_);
    if (listener_) {
        loop_.remove_reader(listener_.get());
    }
}

std::error_code HttpListener::listen(const ListenAddress& address) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_INET6;
    in_addr a4{};
    if (!address.host.empty() && ::inet_pton(AF_INET, address.host.c_str(), &a4) == 1) {
        family = AF_INET;
        auto* sin = reinterpret_cast<sockaddr_in*>(&storage);
        sin->sin_family = AF_INET;
        sin->sin_port = htons(address.port);
        sin->sin_addr = a4;
        length = sizeof *sin;
    } else {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&storage);
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(address.port);
        sin6->sin6_addr = in6addr_any;
        if (!address.host.empty() && ::inet_pton(AF_INET6, address.host.c_str(), &sin6->sin6_addr) != 1) {
            return std::make_error_code(std::errc::invalid_argument);
        }
        length = sizeof *sin6;
    }
    UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        return {errno, std::generic_category()};
    }
    const int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (family == AF_INET6 && address.host.empty()) {
        const int zero = 0; // ":PORT" takes IPv4 too
        ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    }
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) != 0 || ::listen(fd.get(), 16) != 0) {
        return {errno, std::generic_category()};
    }
    if (auto ec = loop_.add_reader(fd.get(), [this](std::uint32_t) { on_accept(); })) {
        return ec;
    }
    listener_ = std::move(fd);
    return {};
}

void HttpListener::on_accept() noexcept {
    for (int n = 0; n < 16; ++n) {
        UniqueFd fd(::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            return;
        }
        std::size_t slot = 0;
        while (slot < connections_.size() && connections_[slot].fd.valid()) {
            ++slot;
        }
        if (slot == connections_.size()) {
            continue; // too many: closed
        }
        if (loop_.add_reader(fd.get(), [this, slot](std::uint32_t events) { on_connection(slot, events); })) {
            continue;
        }
        Connection& c = connections_[slot];
        c = Connection{};
        c.fd = std::move(fd);
        c.opened = runtime::Clock::now();
        if (!loop_.armed(sweep_timer_)) {
            loop_.arm(sweep_timer_, c.opened + request_timeout);
        }
    }
}

void HttpListener::on_connection(std::size_t slot, std::uint32_t events) noexcept {
    Connection& c = connections_[slot];
    if (c.responding) {
        if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
            flush(slot);
        }
        return;
    }
    char buffer[2048];
    const ssize_t n = ::recv(c.fd.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        close(slot);
        return;
    }
    if (n < 0) {
        return;
    }
    if (c.waiting) {
        return; // what follows the request head is not read
    }
    try {
        c.input.append(buffer, static_cast<std::size_t>(n));
    } catch (...) {
        close(slot);
        return;
    }
    if (c.input.find("\r\n\r\n") != std::string::npos || c.input.find("\n\n") != std::string::npos) {
        respond(slot);
    } else if (c.input.size() > max_request) {
        close(slot);
    }
}

void HttpListener::respond(std::size_t slot) noexcept {
    Connection& c = connections_[slot];
    ++requests_;
    if (extra_) {
        try {
            bool metrics = false;
            (void)http_response(c.input, [&metrics] {
                metrics = true;
                return std::string();
            });
            if (metrics) {
                c.waiting = true;
                c.serial = ++serial_;
                extra_([this, slot, serial = c.serial](std::string more) { complete(slot, serial, more); });
                return;
            }
        } catch (...) {
            close(slot);
            return;
        }
    }
    answer(slot, body_);
}

void HttpListener::complete(std::size_t slot, std::uint64_t serial, const std::string& more) noexcept {
    if (slot >= connections_.size()) {
        return;
    }
    Connection& c = connections_[slot];
    if (!c.fd.valid() || !c.waiting || c.serial != serial) {
        return; // closed (timed out, or the client left) meanwhile
    }
    c.waiting = false;
    answer(slot, [this, &more] { return body_() + more; });
}

void HttpListener::answer(std::size_t slot, const Body& body) noexcept {
    Connection& c = connections_[slot];
    try {
        c.output = http_response(c.input, body);
    } catch (...) {
        close(slot);
        return;
    }
    c.input.clear();
    c.responding = true;
    ::shutdown(c.fd.get(), SHUT_RD);
    flush(slot);
}

void HttpListener::flush(std::size_t slot) noexcept {
    Connection& c = connections_[slot];
    while (c.sent < c.output.size()) {
        const ssize_t n = ::send(c.fd.get(), c.output.data() + c.sent, c.output.size() - c.sent, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                (void)loop_.set_interest(c.fd.get(), runtime::EventLoop::Interest::read_write);
                return;
            }
            break;
        }
        c.sent += static_cast<std::size_t>(n);
    }
    close(slot);
}

void HttpListener::close(std::size_t slot) noexcept {
    Connection& c = connections_[slot];
    if (c.fd.valid()) {
        loop_.remove_reader(c.fd.get());
        c = Connection{};
    }
}

void HttpListener::sweep() noexcept {
    const runtime::TimePoint now = runtime::Clock::now();
    runtime::TimePoint next = runtime::TimePoint::max();
    for (std::size_t s = 0; s < connections_.size(); ++s) {
        if (!connections_[s].fd.valid()) {
            continue;
        }
        if (now - connections_[s].opened >= request_timeout) {
            close(s);
        } else if (connections_[s].opened + request_timeout < next) {
            next = connections_[s].opened + request_timeout;
        }
    }
    if (next != runtime::TimePoint::max()) {
        loop_.arm(sweep_timer_, next);
    }
}

} // namespace vigil::metrics
