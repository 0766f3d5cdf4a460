#include "notify/smtp_client.hpp"

#include "util/log.hpp"

#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/epoll.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace vigil::notify {
namespace {

// RFC 5321 section 4.5.3.1.5: a reply line is at most 512 octets with its CRLF.
constexpr std::size_t max_reply_line = 512;

// The canonical name of this host (uname's node name looked up with AI_CANONNAME), as
// keepalived uses for router_id, the HELO name and the sender; nullopt when it does not resolve.
std::optional<std::string> canonical_host_name() {
    utsname u{};
    if (::uname(&u) != 0) {
        return std::nullopt;
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_CANONNAME;
    addrinfo* result = nullptr;
    if (::getaddrinfo(u.nodename, nullptr, &hints, &result) != 0 || result == nullptr) {
        return std::nullopt;
    }
    std::optional<std::string> name;
    if (result->ai_canonname != nullptr) {
        name = result->ai_canonname;
    }
    ::freeaddrinfo(result);
    return name;
}

std::string user_name() {
    passwd pw{};
    passwd* found = nullptr;
    std::array<char, 1024> buffer{};
    if (::getpwuid_r(::geteuid(), &pw, buffer.data(), buffer.size(), &found) == 0 &&
        found != nullptr) {
        return found->pw_name;
    }
    return std::to_string(::geteuid());
}

} // namespace

std::optional<SmtpEndpoint> resolve_smtp_server(const config::SmtpServer& server) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* result = nullptr;
    const std::string port = std::to_string(server.port_);
    if (::getaddrinfo(server.host_.c_str(), port.c_str(), &hints, &result) != 0 ||
        result == nullptr) {
        log::error("Invalid smtp server {} {}", server.host_, server.port_);
        return std::nullopt;
    }
    SmtpEndpoint e;
    std::memcpy(&e.address, result->ai_addr, result->ai_addrlen);
    e.length = result->ai_addrlen;
    ::freeaddrinfo(result);
    std::array<char, INET6_ADDRSTRLEN> text{};
    const void* raw =
        e.address.ss_family == AF_INET6
            ? static_cast<const void*>(
                  &reinterpret_cast<const sockaddr_in6*>(&e.address)->sin6_addr)
            : static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(&e.address)->sin_addr);
    ::inet_ntop(e.address.ss_family, raw, text.data(), text.size());
    e.text = fmt::format("[{}]:{}", text.data(), server.port_);
    return e;
}

AlertIdentity resolve_alert_identity(const config::GlobalDefs& global) {
    AlertIdentity id;
    id.to = global.notification_email_;
    std::optional<std::string> host;
    if (!global.router_id_ || !global.notification_email_from_ || !global.smtp_helo_name_) {
        host = canonical_host_name();
    }
    id.router_id = global.router_id_ ? global.router_id_ : host;
    if (global.notification_email_from_) {
        id.from = global.notification_email_from_;
    } else if (host) {
        id.from = user_name() + "@" + *host;
    }
    id.helo = global.smtp_helo_name_.value_or(host.value_or("localhost"));
    return id;
}

// One SMTP session; slots are reused, their timer lives as long as the slot.
// quit_rejected: QUIT got no 221; keepalived then reads on until the server closes.
enum class SmtpStep : std::uint8_t {
    idle,
    connecting,
    greeting,
    helo,
    mail,
    rcpt,
    data,
    body,
    quit,
    quit_after_error,
    quit_rejected
};

struct SmtpClient::Session {
    UniqueFd fd;
    runtime::TimerId timer;
    SmtpStep step = SmtpStep::idle;
    SmtpMail mail;
    std::string server; // "[ADDR]:PORT" of the server this session talks to
    std::size_t rcpt = 0;
    std::string in;  // received bytes not yet forming a whole line
    std::string out; // bytes still to send
};

SmtpClient::SmtpClient(runtime::EventLoop& loop)
    : loop_(loop), pump_timer_(loop.create_timer([this] { pump(); })) {}

SmtpClient::~SmtpClient() {
    for (auto& s : sessions_) {
        if (s->fd) {
            loop_.remove_reader(s->fd.get());
        }
        loop_.destroy_timer(s->timer);
    }
    loop_.destroy_timer(pump_timer_);
}

void SmtpClient::configure(const config::GlobalDefs& global) {
    timeout_ = global.smtp_connect_timeout_;
    server_.reset();
    identity_ = AlertIdentity{};
    if (!global.smtp_server_ || global.notification_email_.empty()) {
        return;
    }
    server_ = resolve_smtp_server(*global.smtp_server_);
    identity_ = resolve_alert_identity(global);
}

void SmtpClient::set_server(std::optional<SmtpEndpoint> endpoint,
                            std::chrono::milliseconds timeout) noexcept {
    server_ = std::move(endpoint);
    timeout_ = timeout;
}

std::size_t SmtpClient::active() const noexcept {
    std::size_t n = 0;
    for (const auto& s : sessions_) {
        n += s->step != SmtpStep::idle ? 1 : 0;
    }
    return n;
}

void SmtpClient::alert(const config::Config& model, NotifySubject subject, std::string_view name,
                       vrrp::NotifyEvent event) noexcept {
    if (!server_) {
        return;
    }
    try {
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        ::localtime_r(&now, &local);
        if (std::optional<SmtpMail> mail =
                plan_alert(model, identity_, subject, name, event, local)) {
            send(std::move(*mail));
        }
    } catch (...) {
    }
}

void SmtpClient::mail(std::string_view subject, std::string_view body) noexcept {
    if (!server_ || identity_.to.empty()) {
        return;
    }
    try {
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        ::localtime_r(&now, &local);
        const std::string line = fmt::format("[{}] {}", identity_.router_id.value_or("[unknown]"), subject);
        SmtpMail message;
        message.helo = identity_.helo;
        message.from = identity_.from.value_or("");
        message.to = identity_.to;
        message.data = alert_data(identity_, local, line, body);
        send(std::move(message));
    } catch (...) {
    }
}

void SmtpClient::send(SmtpMail mail) noexcept {
    if (!server_) {
        return;
    }
    try {
        if (queue_.empty()) {
            if (Session* s = free_session()) {
                start(*s, std::move(mail));
                return;
            }
        }
        if (queue_.size() >= max_queued) {
            log::detail("SMTP alert queue full - dropping alert");
            return;
        }
        queue_.push_back(std::move(mail));
    } catch (...) {
    }
}

SmtpClient::Session* SmtpClient::free_session() {
    for (auto& s : sessions_) {
        if (s->step == SmtpStep::idle) {
            return s.get();
        }
    }
    if (sessions_.size() >= max_sessions) {
        return nullptr;
    }
    auto s = std::make_unique<Session>();
    Session* raw = s.get();
    raw->timer = loop_.create_timer([this, raw] { on_timeout(*raw); });
    sessions_.push_back(std::move(s));
    return raw;
}

void SmtpClient::pump() noexcept {
    try {
        while (!queue_.empty() && server_) {
            Session* s = free_session();
            if (s == nullptr) {
                return;
            }
            SmtpMail mail = std::move(queue_.front());
            queue_.pop_front();
            start(*s, std::move(mail));
        }
    } catch (...) {
    }
}

void SmtpClient::start(Session& s, SmtpMail&& mail) {
    s.mail = std::move(mail);
    s.server = server_->text;
    s.rcpt = 0;
    s.in.clear();
    s.out.clear();
    const int fd =
        ::socket(server_->address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        log::info("SMTP connection ERROR to {}.", s.server);
        s.mail = SmtpMail{};
        return;
    }
    s.fd.reset(fd);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&server_->address), server_->length) != 0 &&
        errno != EINPROGRESS) {
        log::info("smtp fd {} returned write error", fd);
        s.fd.reset();
        s.mail = SmtpMail{};
        return;
    }
    if (loop_.add_reader(fd, [this, &s](std::uint32_t events) { on_event(s, events); }) ||
        loop_.set_interest(fd, runtime::EventLoop::Interest::read_write)) {
        loop_.remove_reader(fd);
        log::info("SMTP connection ERROR to {}.", s.server);
        s.fd.reset();
        s.mail = SmtpMail{};
        return;
    }
    s.step = SmtpStep::connecting;
    loop_.arm(s.timer, runtime::Clock::now() + timeout_);
}

void SmtpClient::on_event(Session& s, std::uint32_t events) noexcept {
    if (s.step == SmtpStep::idle) {
        return;
    }
    if (s.step == SmtpStep::connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(s.fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
            error = errno;
        }
        if (error == 0 && (events & EPOLLOUT) == 0) {
            return; // not connected yet
        }
        if (error != 0) {
            log::info("smtp fd {} returned write error", s.fd.get());
            finish(s);
            return;
        }
        log::info("Remote SMTP server {} connected.", s.server);
        [[maybe_unused]] auto ec = loop_.set_interest(s.fd.get(), runtime::EventLoop::Interest::read);
        s.step = SmtpStep::greeting;
        wait_reply(s);
        return;
    }
    if ((events & EPOLLOUT) != 0 && !s.out.empty()) {
        flush(s);
        if (s.step == SmtpStep::idle) {
            return;
        }
    }
    if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) == 0) {
        return;
    }
    std::array<char, max_reply_line> buffer; // NOLINT: filled by recv
    const ssize_t n = ::recv(s.fd.get(), buffer.data(), buffer.size(), 0);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            log::info("Error reading data from remote SMTP server {}.", s.server);
            finish(s);
        }
        return;
    }
    if (n == 0) {
        if (s.step == SmtpStep::quit_rejected) {
            log::info("smtp fd {} returned read error", s.fd.get());
        } else if (s.step != SmtpStep::quit_after_error) {
            log::info("Remote SMTP server {} has closed the connection.", s.server);
        }
        finish(s);
        return;
    }
    try { // allocation failures end the session, never the daemon
        s.in.append(buffer.data(), static_cast<std::size_t>(n));
        // Only the last line of a reply counts ("250-..." continues, "250 ..." ends it).
        std::size_t eol;
        while (s.step != SmtpStep::idle && (eol = s.in.find('\n')) != std::string::npos) {
            const std::string line = s.in.substr(0, eol);
            s.in.erase(0, eol + 1);
            if (line.size() > 3 && line[3] == '-') {
                continue;
            }
            int code = 0;
            if (line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) != 0 &&
                std::isdigit(static_cast<unsigned char>(line[1])) != 0 &&
                std::isdigit(static_cast<unsigned char>(line[2])) != 0) {
                code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            }
            on_reply(s, code);
        }
    } catch (...) {
        finish(s);
        return;
    }
    if (s.step != SmtpStep::idle && s.in.size() > max_reply_line) {
        log::info("Received buffer from remote SMTP server {} overflow our get read buffer length.",
                  s.server);
        finish(s);
    }
}

void SmtpClient::on_reply(Session& s, int code) {
    switch (s.step) {
    case SmtpStep::greeting:
        if (code != 220) {
            return fail(s, "(E)SMTP", code);
        }
        s.step = SmtpStep::helo;
        return command(s, "HELO " + s.mail.helo + "\r\n");
    case SmtpStep::helo:
        if (code != 250) {
            return fail(s, "HELO", code);
        }
        s.step = SmtpStep::mail;
        return command(s, "MAIL FROM:<" + s.mail.from + ">\r\n");
    case SmtpStep::mail:
        if (code != 250) {
            return fail(s, "MAIL", code);
        }
        s.step = SmtpStep::rcpt;
        s.rcpt = 0;
        return command(s, "RCPT TO:<" + s.mail.to.at(0) + ">\r\n");
    case SmtpStep::rcpt:
        if (code != 250 && code != 251) {
            return fail(s, "RCPT", code);
        }
        if (++s.rcpt < s.mail.to.size()) {
            return command(s, "RCPT TO:<" + s.mail.to[s.rcpt] + ">\r\n");
        }
        s.step = SmtpStep::data;
        return command(s, "DATA\r\n");
    case SmtpStep::data:
        if (code != 354) {
            return fail(s, "DATA", code);
        }
        s.step = SmtpStep::body;
        return command(s, s.mail.data);
    case SmtpStep::body:
        if (code != 250) {
            return fail(s, "BODY", code);
        }
        log::info("SMTP alert successfully sent.");
        s.step = SmtpStep::quit;
        return command(s, "QUIT\r\n");
    case SmtpStep::quit:
        if (code != 221) {
            log::info("Error processing QUIT cmd on SMTP server {}. SMTP status code = {}",
                      s.server, code);
            s.step = SmtpStep::quit_rejected;
            return wait_reply(s);
        }
        return finish(s);
    case SmtpStep::quit_after_error:
        return finish(s);
    case SmtpStep::quit_rejected:
        return;
    case SmtpStep::idle:
    case SmtpStep::connecting:
        return;
    }
}

void SmtpClient::fail(Session& s, std::string_view step, int code) noexcept {
    log::info("Error processing {} cmd on SMTP server {}. SMTP status code = {}", step, s.server,
              code);
    s.step = SmtpStep::quit_after_error;
    command(s, "QUIT\r\n");
}

void SmtpClient::command(Session& s, std::string_view text) noexcept {
    try {
        s.out.append(text);
    } catch (...) {
        return finish(s);
    }
    flush(s);
    if (s.step != SmtpStep::idle) {
        wait_reply(s);
    }
}

void SmtpClient::flush(Session& s) noexcept {
    while (!s.out.empty()) {
        const ssize_t n =
            ::send(s.fd.get(), s.out.data(), s.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                [[maybe_unused]] auto ec =
                    loop_.set_interest(s.fd.get(), runtime::EventLoop::Interest::read_write);
                return;
            }
            log::info("Cannot send data to remote SMTP server {}.", s.server);
            return finish(s);
        }
        s.out.erase(0, static_cast<std::size_t>(n));
    }
    [[maybe_unused]] auto ec = loop_.set_interest(s.fd.get(), runtime::EventLoop::Interest::read);
}

void SmtpClient::wait_reply(Session& s) noexcept {
    loop_.arm(s.timer, runtime::Clock::now() + timeout_);
}

void SmtpClient::on_timeout(Session& s) noexcept {
    switch (s.step) {
    case SmtpStep::idle:
        return;
    case SmtpStep::connecting:
        log::info("Timeout opening connection to remote SMTP server {}.", s.server);
        return finish(s);
    case SmtpStep::quit:
    case SmtpStep::quit_after_error:
    case SmtpStep::quit_rejected:
        log::info("Timeout reading data to remote SMTP server {}.", s.server);
        return finish(s);
    case SmtpStep::greeting:
    case SmtpStep::helo:
    case SmtpStep::mail:
    case SmtpStep::rcpt:
    case SmtpStep::data:
    case SmtpStep::body:
        log::info("Timeout reading data to remote SMTP server {}.", s.server);
        s.step = SmtpStep::quit_after_error;
        return command(s, "QUIT\r\n");
    }
}

void SmtpClient::finish(Session& s) noexcept {
    if (s.fd) {
        loop_.remove_reader(s.fd.get());
        s.fd.reset();
    }
    loop_.disarm(s.timer);
    s.step = SmtpStep::idle;
    s.mail = SmtpMail{};
    s.in.clear();
    s.out.clear();
    if (!queue_.empty()) {
        // Started from the loop, not from inside this session's callback.
        loop_.arm(pump_timer_, runtime::Clock::now());
    }
}

} // namespace vigil::notify
