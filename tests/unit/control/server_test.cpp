// The control socket server on a real event loop: replies, garbage, over-long lines, a peer
// that is not root, a client that never reads.
#include "control/server.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

using namespace vigil::control;
using vigil::UniqueFd;
using vigil::runtime::EventLoop;

namespace {

std::string socket_path() {
    return "/tmp/vigil-control-test-" + std::to_string(::getpid()) + ".sock";
}

UniqueFd connect_to(const std::string& path) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.data(), path.size());
    REQUIRE(::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    return fd;
}

void send_all(int fd, std::string_view text) {
    REQUIRE(::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size()));
}

// Runs the loop until `fd` has a whole line to read (or 2 s pass); returns the line.
std::string read_line(EventLoop& loop, int fd) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
        (void)loop.run_once(std::chrono::milliseconds(10));
        pollfd p{fd, POLLIN, 0};
        while (::poll(&p, 1, 0) == 1) {
            char c = 0;
            if (::recv(fd, &c, 1, 0) != 1) {
                return line.empty() ? "<closed>" : line;
            }
            if (c == '\n') {
                return line;
            }
            line += c;
        }
    }
    return "<timeout>";
}

struct Fixture {
    EventLoop loop;
    std::string path = socket_path();
    std::string big;
    Server server{loop, [this](ClientId, const Peer& peer, const Request& r) -> Outcome {
                      if (r.method == Method::metrics) {
                          return {reply_result(r.id, Json(big))};
                      }
                      Json result = Json::object();
                      result.set("uid", static_cast<long>(peer.uid));
                      result.set("method", std::string(method_name(r.method)));
                      return {reply_result(r.id, result)};
                  }};
    explicit Fixture(mode_t mode = 0660) {
        std::string what;
        REQUIRE_FALSE(server.listen({path, mode, std::nullopt}, what));
    }
};

} // namespace

TEST_CASE("server: one reply per request line, garbage answered, connection kept") {
    Fixture f;
    UniqueFd c = connect_to(f.path);
    send_all(c.get(), "{\"id\":1,\"method\":\"status\"}\n");
    CHECK(read_line(f.loop, c.get()).starts_with("{\"version\":1,\"id\":1,\"result\":{\"uid\":"));
    send_all(c.get(), "\x01\x02 not json\n\n");
    CHECK(read_line(f.loop, c.get()).find("\"code\":\"parse_error\"") != std::string::npos);
    // Pipelined: ten requests in one write, ten replies in order.
    std::string many;
    for (int i = 0; i < 10; ++i) {
        many += "{\"id\":" + std::to_string(i) + ",\"method\":\"stats\"}\r\n";
    }
    send_all(c.get(), many);
    for (int i = 0; i < 10; ++i) {
        CHECK(read_line(f.loop, c.get()).starts_with("{\"version\":1,\"id\":" + std::to_string(i) + ","));
    }
    CHECK(f.server.clients() == 1);
}

TEST_CASE("server: an over-long request line ends the connection") {
    Fixture f;
    UniqueFd c = connect_to(f.path);
    send_all(c.get(), std::string(max_request_line + 10, 'x'));
    CHECK(read_line(f.loop, c.get()).find("\"code\":\"too_long\"") != std::string::npos);
    CHECK(read_line(f.loop, c.get()) == "<closed>");
    CHECK(f.server.clients() == 0);
}

TEST_CASE("server: a client that never reads is dropped at the output cap") {
    Fixture f;
    f.big.assign(1024 * 1024, 'm');
    UniqueFd c = connect_to(f.path);
    for (int i = 0; i < 8; ++i) {
        send_all(c.get(), "{\"method\":\"metrics\"}\n");
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (f.server.clients() != 0 && std::chrono::steady_clock::now() < deadline) {
        (void)f.loop.run_once(std::chrono::milliseconds(10));
    }
    CHECK(f.server.clients() == 0);
}

TEST_CASE("server: a peer that is not root reads but may not reload") {
    if (::geteuid() != 0) {
        return; // needs root to become another user
    }
    Fixture f(0666);
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(out[0]);
        if (::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0) {
            ::_exit(3);
        }
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::memcpy(a.sun_path, f.path.data(), f.path.size());
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::_exit(4);
        }
        const std::string req = "{\"method\":\"status\"}\n{\"method\":\"reload\"}\n{\"method\":\"reload\",\"params\":{\"preview\":true}}\n";
        (void)!::write(fd, req.data(), req.size());
        char buf[4096];
        std::string got;
        while (std::count(got.begin(), got.end(), '\n') < 3) {
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n <= 0) {
                break;
            }
            got.append(buf, static_cast<std::size_t>(n));
        }
        (void)!::write(out[1], got.data(), got.size());
        ::_exit(0);
    }
    ::close(out[1]);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (::waitpid(pid, &status, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline) {
        (void)f.loop.run_once(std::chrono::milliseconds(10));
    }
    std::string got;
    char buf[4096];
    for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) {
        got.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(got.find("\"uid\":65534,\"method\":\"status\"") != std::string::npos);
    CHECK(got.find("\"code\":\"permission_denied\"") != std::string::npos);
    CHECK(got.find("\"method\":\"reload\"") != std::string::npos); // the preview is read-only
}

TEST_CASE("server: the socket file gets the requested mode and goes with the server") {
    const std::string path = socket_path() + "-mode";
    {
        EventLoop loop;
        Server server(loop, [](ClientId, const Peer&, const Request&) { return Outcome{std::string("{}\n")}; });
        std::string what;
        REQUIRE_FALSE(server.listen({path, 0660, std::nullopt}, what));
        struct stat st {};
        REQUIRE(::stat(path.c_str(), &st) == 0);
        CHECK((st.st_mode & 07777) == 0660);
    }
    struct stat st {};
    CHECK(::stat(path.c_str(), &st) != 0);
}
