#include "control/client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace vigil::control {

std::optional<Client> Client::connect(const std::string& path, std::string& error) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof address.sun_path) {
        error = "invalid socket path '" + path + "'";
        return std::nullopt;
    }
    std::memcpy(address.sun_path, path.data(), path.size());
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        error = std::string("socket: ") + std::strerror(errno);
        return std::nullopt;
    }
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int e = errno;
        error = "cannot connect to " + path + ": " + std::strerror(e);
        if (e == ENOENT || e == ECONNREFUSED) {
            error += " (is keepalived running? --socket=PATH names another socket)";
        } else if (e == EACCES) {
            error += " (the socket is for root and the vigil group)";
        }
        return std::nullopt;
    }
    return Client(std::move(fd));
}

namespace {

// Waits for `events` on `fd` until `deadline`; false on timeout or error.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline, bool forever) {
    for (;;) {
        int ms = -1;
        if (!forever) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return false;
            }
            ms = static_cast<int>(left.count());
        }
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, ms);
        if (n > 0) {
            return true;
        }
        if (n < 0 && errno != EINTR) {
            return false;
        }
    }
}

} // namespace

bool Client::send(std::string_view text, std::chrono::milliseconds timeout, std::string& error) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!text.empty()) {
        const ssize_t n = ::send(fd_.get(), text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            text.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            error = std::string("send: ") + std::strerror(errno);
            return false;
        }
        if (!wait_for(fd_.get(), POLLOUT, deadline, false)) {
            error = "timed out sending the request";
            return false;
        }
    }
    return true;
}

std::optional<std::string> Client::read_line(std::chrono::milliseconds timeout, std::string& error) {
    const bool forever = timeout.count() < 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const std::size_t end = buffer_.find('\n');
        if (end != std::string::npos) {
            std::string line = buffer_.substr(0, end);
            buffer_.erase(0, end + 1);
            return line;
        }
        if (!wait_for(fd_.get(), POLLIN, deadline, forever)) {
            error = "timed out waiting for the daemon's reply";
            return std::nullopt;
        }
        char chunk[65536];
        const ssize_t n = ::recv(fd_.get(), chunk, sizeof chunk, MSG_DONTWAIT);
        if (n == 0) {
            error = "the daemon closed the connection";
            return std::nullopt;
        }
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                continue;
            }
            error = std::string("recv: ") + std::strerror(errno);
            return std::nullopt;
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

} // namespace vigil::control
