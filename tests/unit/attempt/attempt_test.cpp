// HTTP_GET, SMTP_CHECK and DNS_CHECK attempts end to end on the loopback interface: each
// against a one-connection server thread that answers as a real server would (or not).
#include "attempt/attempts.hpp"
#include "parser/load_config.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace vigil::attempt {

namespace {

using namespace std::chrono_literals;

// A socket of `type` bound to 127.0.0.1 (port chosen by the kernel) and its port.
std::pair<UniqueFd, std::uint16_t> bound(int type) {
    UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
    socklen_t length = sizeof(address);
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length);
    return {std::move(fd), ntohs(address.sin_port)};
}

// Reads from `fd` until `end` has arrived (or the peer closes, or 2 s pass).
std::string read_until(int fd, const std::string& end) {
    std::string got;
    char buffer[1024];
    while (got.find(end) == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) != 1) {
            break;
        }
        const ssize_t n = ::read(fd, buffer, sizeof(buffer));
        if (n <= 0) {
            break;
        }
        got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
}

void write_all(int fd, const std::string& text) { (void)::send(fd, text.data(), text.size(), MSG_NOSIGNAL); }

// A TCP server for one connection, run by `serve` in a thread.
class OneConnection {
public:
    explicit OneConnection(std::function<void(int)> serve) {
        auto [fd, port] = bound(SOCK_STREAM);
        REQUIRE(::listen(fd.get(), 1) == 0);
        port_ = port;
        thread_ = std::thread([listener = std::move(fd), serve = std::move(serve)] {
            pollfd p{listener.get(), POLLIN, 0};
            if (::poll(&p, 1, 5000) == 1) {
                UniqueFd client(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
                serve(client.get());
            }
        });
    }
    ~OneConnection() { thread_.join(); }
    OneConnection(const OneConnection&) = delete;
    OneConnection& operator=(const OneConnection&) = delete;
    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }

private:
    std::uint16_t port_ = 0;
    std::thread thread_;
};

std::shared_ptr<const config::Config> load(const std::string& text) {
    parser::PermissiveCatalog catalog;
    parser::LoadOptions options;
    options.system_ = &catalog;
    auto result = parser::load_config_text(text, "attempt.conf", options);
    return std::make_shared<const config::Config>(std::move(result.config_));
}

// The first checker of the first real server, as the engine would hand it over.
struct Loaded {
    std::shared_ptr<const config::Config> config;
    check::CheckerState checker;
    const config::RealServer* rs = nullptr;
    const config::VirtualServer* vs = nullptr;
};

Loaded loaded(const std::string& text) {
    Loaded out;
    out.config = load(text);
    REQUIRE(out.config->lvs_);
    REQUIRE(!out.config->lvs_->virtual_servers_.empty());
    out.vs = &out.config->lvs_->virtual_servers_.front();
    REQUIRE(!out.vs->real_servers_.empty());
    out.rs = &out.vs->real_servers_.front();
    REQUIRE(!out.rs->checkers_.empty());
    out.checker.config = &out.rs->checkers_.front();
    out.checker.type = out.checker.config->type_;
    return out;
}

// Runs the attempt as the child's loop would, at most 5 s.
check::CheckResult run(Attempts& attempts, const Loaded& l) {
    auto attempt = attempts.start(l.checker, *l.rs, *l.vs, check::Clock::now());
    REQUIRE(attempt != nullptr);
    const auto give_up = check::Clock::now() + 5s;
    while (!attempt->over() && check::Clock::now() < give_up) {
        const Interest interest = attempt->interest();
        pollfd p{attempt->fd(), static_cast<short>((interest.read ? POLLIN : 0) | (interest.write ? POLLOUT : 0)), 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(attempt->deadline() - check::Clock::now());
        const int ready = ::poll(&p, 1, static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 1000)));
        if (ready == 1) {
            std::uint32_t events = 0;
            events |= (p.revents & POLLIN) != 0 ? EPOLLIN : 0U;
            events |= (p.revents & POLLOUT) != 0 ? EPOLLOUT : 0U;
            events |= (p.revents & POLLERR) != 0 ? EPOLLERR : 0U;
            events |= (p.revents & POLLHUP) != 0 ? EPOLLHUP : 0U;
            attempt->on_ready(events, check::Clock::now());
        } else if (check::Clock::now() >= attempt->deadline()) {
            attempt->on_deadline(check::Clock::now());
        }
    }
    REQUIRE(attempt->over());
    CHECK(attempt->fd() == -1);
    return attempt->result();
}

std::string http_config(std::uint16_t port, const std::string& url_lines) {
    return fmt::format(R"(
virtual_server 192.0.2.1 80 {{
    protocol TCP
    real_server 127.0.0.1 {} {{
        HTTP_GET {{
            url {{
                path /check.html
{}
            }}
            connect_timeout 0.5
        }}
    }}
}}
)",
                       port, url_lines);
}

// A web server answering one request with `response`; the request is kept.
OneConnection web_server(std::string response, std::string* request) {
    return OneConnection([response = std::move(response), request](int fd) {
        *request = read_until(fd, "\r\n\r\n");
        write_all(fd, response);
    });
}

} // namespace

TEST_CASE("HTTP_GET: the request keepalived sends; a digest that matches, one that does not") {
    std::string request;
    {
        auto server = web_server("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello", &request);
        const Loaded l = loaded(http_config(server.port(), "                digest 5d41402abc4b2a76b9719d911017c592"));
        std::vector<std::string> log;
        Attempts attempts(*l.config, log);
        const check::CheckResult result = run(attempts, l);
        CHECK(result.outcome == check::Outcome::success);
        CHECK(result.detail == "MD5 digest");
        REQUIRE(result.length);
        CHECK(result.length->content_length == 5);
        CHECK(result.length->received == 5);
        CHECK(request == fmt::format("GET /check.html HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:{}\r\n\r\n",
                                     server.port()));
    }
    auto server = web_server("HTTP/1.0 200 OK\r\nContent-Length: 9\r\n\r\ngoodbye!\n", &request);
    const Loaded l = loaded(http_config(server.port(), "                digest 5d41402abc4b2a76b9719d911017c592"));
    std::vector<std::string> log;
    Attempts attempts(*l.config, log);
    const check::CheckResult result = run(attempts, l);
    CHECK(result.outcome == check::Outcome::failed);
    CHECK(result.detail == "MD5 digest error to");
}

TEST_CASE("HTTP_GET: status codes (default 200-299, lists), a regex, no answer, a closed port") {
    std::string request;
    {
        auto server = web_server("HTTP/1.1 500 Internal Server Error\r\n\r\noops", &request);
        const Loaded l = loaded(http_config(server.port(), ""));
        std::vector<std::string> log;
        Attempts attempts(*l.config, log);
        const check::CheckResult result = run(attempts, l);
        CHECK(result.outcome == check::Outcome::failed);
        CHECK(result.detail == "HTTP status code error to");
        CHECK(!result.length);
    }
    {
        auto server = web_server("HTTP/1.1 503 Busy\r\n\r\nstatus: ready\n", &request);
        const Loaded l = loaded(http_config(server.port(), "                status_code 503\n                regex \"status: re+ady\""));
        std::vector<std::string> log;
        Attempts attempts(*l.config, log);
        const check::CheckResult result = run(attempts, l);
        CHECK(result.outcome == check::Outcome::success);
        CHECK(result.detail == "Regex match");
    }
    {
        // Accepts, reads the request and says nothing until the checker gives up.
        auto server = OneConnection([](int fd) {
            (void)read_until(fd, "\r\n\r\n");
            (void)read_until(fd, "never");
        });
        const Loaded l = loaded(http_config(server.port(), ""));
        std::vector<std::string> log;
        Attempts attempts(*l.config, log);
        const auto started = check::Clock::now();
        const check::CheckResult result = run(attempts, l);
        CHECK(result.outcome == check::Outcome::failed);
        CHECK(result.detail == "Timeout WEB read");
        CHECK(check::Clock::now() - started >= 450ms);
    }
    auto [closed, port] = bound(SOCK_STREAM);
    closed.reset();
    const Loaded l = loaded(http_config(port, ""));
    std::vector<std::string> log;
    Attempts attempts(*l.config, log);
    const check::CheckResult result = run(attempts, l);
    CHECK(result.outcome == check::Outcome::failed);
    CHECK(result.detail == "Connection failed");
}

TEST_CASE("SMTP_CHECK: greeting, HELO, QUIT; a bad greeting") {
    const auto config = [](std::uint16_t port) {
        return fmt::format(R"(
virtual_server 192.0.2.1 25 {{
    protocol TCP
    real_server 127.0.0.1 {} {{
        SMTP_CHECK {{
            helo_name check.example
            connect_timeout 1
        }}
    }}
}}
)",
                           port);
    };
    std::string helo;
    {
        OneConnection server([&helo](int fd) {
            write_all(fd, "220 mail.example ESMTP\r\n");
            helo = read_until(fd, "\r\n");
            write_all(fd, "250 mail.example\r\n");
            (void)read_until(fd, "\r\n");
            write_all(fd, "221 bye\r\n");
        });
        const Loaded l = loaded(config(server.port()));
        std::vector<std::string> log;
        Attempts attempts(*l.config, log);
        const check::CheckResult result = run(attempts, l);
        CHECK(result.outcome == check::Outcome::success);
    }
    CHECK(helo == "HELO check.example\r\n");
    OneConnection server([](int fd) { write_all(fd, "554 go away\r\n"); });
    const Loaded l = loaded(config(server.port()));
    std::vector<std::string> log;
    Attempts attempts(*l.config, log);
    const check::CheckResult result = run(attempts, l);
    CHECK(result.outcome == check::Outcome::failed);
    CHECK(result.detail == fmt::format("Bad greeting banner from server [127.0.0.1]:{}", server.port()));
}

TEST_CASE("DNS_CHECK: a reply with rcode 0 passes, SERVFAIL fails, silence times out") {
    for (const int rcode : {0, 2, -1}) {
        auto [server, port] = bound(SOCK_DGRAM);
        std::thread responder([fd = server.get(), rcode] {
            std::uint8_t query[512];
            sockaddr_in from{};
            socklen_t length = sizeof(from);
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 3000) != 1) {
                return;
            }
            const ssize_t n = ::recvfrom(fd, query, sizeof(query), 0, reinterpret_cast<sockaddr*>(&from), &length);
            if (n < 12 || rcode < 0) {
                return;
            }
            query[2] |= 0x80U;  // QR: a response (RFC 1035 §4.1.1)
            query[3] = static_cast<std::uint8_t>((query[3] & 0xf0U) | static_cast<unsigned>(rcode));
            (void)::sendto(fd, query, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), length);
        });
        const Loaded l = loaded(fmt::format(R"(
virtual_server 192.0.2.1 53 {{
    protocol UDP
    real_server 127.0.0.1 {} {{
        DNS_CHECK {{
            type A
            name example.com
            connect_timeout 0.5
        }}
    }}
}}
)",
                                            port));
        std::vector<std::string> log;
        Attempts attempts(*l.config, log);
        const check::CheckResult result = run(attempts, l);
        responder.join();
        if (rcode == 0) {
            CHECK(result.outcome == check::Outcome::success);
        } else if (rcode == 2) {
            CHECK(result.outcome == check::Outcome::failed);
            CHECK(result.detail == "read error occurred. (rcode = 2)");
        } else {
            CHECK(result.outcome == check::Outcome::failed);
            CHECK(result.detail == "read timeout from socket");
        }
    }
}

} // namespace vigil::attempt
