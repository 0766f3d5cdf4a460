#include "snmp/agentx_client.hpp"

#include "util/log.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace vigil::snmp {
namespace {

// Resolves and connects (non-blocking); returns the socket or an invalid fd with errno set.
UniqueFd open_socket(const AgentxAddress& a) {
    if (a.kind == AgentxAddress::Kind::unix_stream) {
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        if (a.path.size() >= sizeof(sun.sun_path)) {
            errno = ENAMETOOLONG;
            return {};
        }
        std::memcpy(sun.sun_path, a.path.data(), a.path.size());
        UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
        if (!fd || (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&sun), sizeof(sun)) != 0 &&
                    errno != EINPROGRESS)) {
            return {};
        }
        return fd;
    }
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* result = nullptr;
    const std::string port = std::to_string(a.port);
    if (::getaddrinfo(a.host.c_str(), port.c_str(), &hints, &result) != 0 || result == nullptr) {
        errno = EHOSTUNREACH;
        return {};
    }
    UniqueFd fd(::socket(result->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (fd && ::connect(fd.get(), result->ai_addr, result->ai_addrlen) != 0 && errno != EINPROGRESS) {
        const int saved = errno;
        fd.reset();
        errno = saved;
    }
    ::freeaddrinfo(result);
    return fd;
}

} // namespace

AgentxClient::AgentxClient(AgentxAddress master, AgentxSession& session, FdChange on_fd_change)
    : master_(std::move(master)), session_(session), on_fd_change_(std::move(on_fd_change)) {}

AgentxClient::~AgentxClient() { set_fd({}); }

void AgentxClient::set_fd(UniqueFd fd) {
    // The owner hears of the change while the old fd is still open (it may unwatch it).
    UniqueFd previous = std::move(fd_);
    fd_ = std::move(fd);
    if (on_fd_change_ && previous.get() != fd_.get()) {
        on_fd_change_(previous.get(), fd_.get());
    }
}

void AgentxClient::start(TimePoint now) {
    stopped_ = false;
    connect(now);
}

void AgentxClient::connect(TimePoint now) {
    reconnect_at_ = TimePoint::max();
    UniqueFd fd = open_socket(master_);
    if (!fd) {
        lost(std::strerror(errno), now);
        return;
    }
    connecting_ = true;
    connect_deadline_ = now + connect_timeout;
    set_fd(std::move(fd));
    // A unix socket connects at once; TCP reports completion as writability.
    if (master_.kind == AgentxAddress::Kind::unix_stream) {
        connected(now);
    }
}

void AgentxClient::connected(TimePoint now) {
    connecting_ = false;
    session_.start(now);
    flush(now);
}

void AgentxClient::lost(const char* why, TimePoint now) {
    const bool was_ready = established_ || session_.phase() == AgentxSession::Phase::ready;
    established_ = false;
    session_.disconnected();
    set_fd({});
    connecting_ = false;
    if (stopped_) {
        return;
    }
    if (was_ready) {
        log::warning("AgentX master agent {} lost ({}); reconnecting", to_string(master_), why);
        retry_ = first_retry;
        warned_ = false;
    } else if (!warned_) {
        log::warning("AgentX: cannot reach the master agent at {} ({}); retrying", to_string(master_), why);
        warned_ = true;
    }
    reconnect_at_ = now + retry_;
    retry_ = std::min<std::chrono::milliseconds>(retry_ * 2, max_retry);
}

void AgentxClient::stop() noexcept {
    if (fd_ && session_.phase() != AgentxSession::Phase::finished &&
        session_.phase() != AgentxSession::Phase::idle) {
        session_.close();
        auto& out = session_.output();
        if (!out.empty()) {
            (void)::send(fd_.get(), out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            out.clear();
        }
    }
    stopped_ = true;
    reconnect_at_ = TimePoint::max();
    set_fd({});
}

bool AgentxClient::wants_write() const noexcept {
    return fd_ && (connecting_ || !session_.output().empty());
}

void AgentxClient::on_io(std::uint32_t events, TimePoint now) {
    if (!fd_) {
        return;
    }
    if (connecting_) {
        int error = 0;
        socklen_t length = sizeof(error);
        if (::getsockopt(fd_.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
            error = errno;
        }
        if (error != 0) {
            lost(std::strerror(error), now);
            return;
        }
        if ((events & (EPOLLOUT | EPOLLIN)) != 0) {
            connected(now);
        }
        return;
    }
    if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) {
        std::array<std::byte, 16384> buffer;
        for (int round = 0; round < 16; ++round) {
            const ssize_t n = ::recv(fd_.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
            if (n > 0) {
                session_.receive(std::span(buffer).first(static_cast<std::size_t>(n)), now);
                established_ = established_ || session_.phase() == AgentxSession::Phase::ready;
                if (session_.finished()) {
                    lost("session ended", now);
                    return;
                }
                continue;
            }
            if (n == 0) {
                lost("connection closed", now);
                return;
            }
            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN) {
                lost(std::strerror(errno), now);
                return;
            }
            break;
        }
    }
    flush(now);
}

void AgentxClient::flush(TimePoint now) {
    auto& out = session_.output();
    if (!fd_ || connecting_) {
        if (!fd_) {
            out.clear(); // nothing to send it on; the session restarts on reconnect
        }
        return;
    }
    while (!out.empty()) {
        const ssize_t n = ::send(fd_.get(), out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            out.erase(out.begin(), out.begin() + n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            return; // the owner watches for writability
        }
        lost(n < 0 ? std::strerror(errno) : "send failed", now);
        return;
    }
    if (session_.finished()) {
        lost("session ended", now);
    }
}

AgentxClient::TimePoint AgentxClient::deadline() const noexcept {
    if (!fd_) {
        return reconnect_at_;
    }
    return connecting_ ? connect_deadline_ : session_.deadline();
}

void AgentxClient::on_timer(TimePoint now) {
    if (now >= reconnect_at_ && !fd_ && !stopped_) {
        connect(now);
        return;
    }
    if (fd_ && connecting_ && now >= connect_deadline_) {
        lost("connection timed out", now);
        return;
    }
    if (fd_ && !connecting_) {
        session_.on_timer(now);
        flush(now);
    }
}

} // namespace vigil::snmp
