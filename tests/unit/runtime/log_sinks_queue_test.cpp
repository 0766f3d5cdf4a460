// LogSinks under a listener that does not keep up (log_sinks.hpp): a real AF_UNIX datagram
// socket in a temporary directory, with the kernel's per-socket queue as the bottleneck.
#include "runtime/event_loop.hpp"
#include "runtime/log_pump.hpp"
#include "runtime/log_sinks.hpp"
#include "util/unique_fd.hpp"

#include <doctest/doctest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace vigil::runtime;
using namespace std::chrono_literals;

namespace {

// A bound datagram socket nobody reads unless the test says so.
struct Listener {
    std::string dir;
    std::string path;
    vigil::UniqueFd fd;

    Listener() {
        char dir_template[] = "/tmp/vigil-logq-XXXXXX";
        REQUIRE(mkdtemp(dir_template) != nullptr);
        dir = dir_template;
        path = dir + "/log";
        fd = vigil::UniqueFd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strcpy(addr.sun_path, path.c_str());
        REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    }
    ~Listener() {
        ::unlink(path.c_str());
        ::rmdir(dir.c_str());
    }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    // The message part ("... IDENT[PID]: MSG") of every datagram waiting now.
    std::vector<std::string> read_ready() const {
        std::vector<std::string> messages;
        std::array<char, 2048> buf{};
        for (;;) {
            const ssize_t n = ::recv(fd.get(), buf.data(), buf.size(), MSG_DONTWAIT);
            if (n <= 0) {
                return messages;
            }
            const std::string line(buf.data(), static_cast<std::size_t>(n));
            messages.push_back(line.substr(line.find("]: ") + 3));
        }
    }
    // One datagram, waiting at most `timeout`; empty on timeout.
    std::string read_one(std::chrono::milliseconds timeout) const {
        pollfd p{fd.get(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1) {
            return {};
        }
        std::array<char, 2048> buf{};
        const ssize_t n = ::recv(fd.get(), buf.data(), buf.size(), MSG_DONTWAIT);
        if (n <= 0) {
            return {};
        }
        const std::string line(buf.data(), static_cast<std::size_t>(n));
        return line.substr(line.find("]: ") + 3);
    }
};

LogSettings settings_for(const Listener& listener) {
    LogSettings settings;
    settings.socket_path = listener.path;
    settings.ident = "Keepalived_vrrp";
    return settings;
}

// Reads as the listener and flushes as the event loop would, until nothing waits.
std::vector<std::string> drain_all(LogSinks& sinks, const Listener& listener) {
    std::vector<std::string> got;
    for (int round = 0; round < 200000; ++round) {
        for (std::string& m : listener.read_ready()) {
            got.push_back(std::move(m));
        }
        if (!sinks.pending()) {
            break;
        }
        sinks.flush();
    }
    return got;
}

std::vector<std::string> numbered(int count) {
    std::vector<std::string> lines;
    for (int i = 0; i < count; ++i) {
        lines.push_back("line " + std::to_string(i));
    }
    return lines;
}

} // namespace

TEST_CASE("queue delivery: a full listener never blocks write(); lines wait and leave in order") {
    Listener listener;
    LogSinks sinks(settings_for(listener));
    sinks.set_delivery(LogDelivery::queue);
    const auto start = std::chrono::steady_clock::now();
    for (const std::string& line : numbered(200)) {
        vigil::log::info("{}", line);
    }
    CHECK(std::chrono::steady_clock::now() - start < 200ms);
    CHECK(sinks.pending());
    CHECK(sinks.syslog_wait_fd() >= 0);
    const std::vector<std::string> got = drain_all(sinks, listener);
    CHECK_FALSE(sinks.pending());
    CHECK(sinks.syslog_wait_fd() == -1);
    CHECK(got == numbered(200));
    CHECK(sinks.dropped() == 0);
}

TEST_CASE("queue delivery: past the bound lines are dropped, then one line says how many") {
    Listener listener;
    LogSinks sinks(settings_for(listener));
    sinks.set_delivery(LogDelivery::queue);
    // The listener's queue takes a few datagrams, ours LogQueue::max_lines, then 3 are dropped.
    int sent = 0;
    while (sinks.dropped() < 3) {
        vigil::log::info("n {}", sent++);
        REQUIRE(sent < 70000);
    }
    vigil::log::info("after the drops"); // dropped too: nothing made room yet
    CHECK(sinks.dropped() == 4);
    const std::vector<std::string> got = drain_all(sinks, listener);
    REQUIRE(got.size() == static_cast<std::size_t>(sent - 3 + 1));
    for (int i = 0; i < sent - 3; ++i) {
        REQUIRE(got[static_cast<std::size_t>(i)] == "n " + std::to_string(i));
    }
    CHECK(got.back() == "4 log lines dropped (syslog queue full)");
}

TEST_CASE("wait delivery: before the loop runs, each line waits for the listener") {
    Listener listener;
    std::vector<std::string> got;
    std::thread reader([&] {
        for (;;) {
            std::string m = listener.read_one(2000ms);
            if (m.empty() || m == "end") {
                return;
            }
            std::this_thread::sleep_for(200us); // a slow listener
            got.push_back(std::move(m));
        }
    });
    {
        LogSinks sinks(settings_for(listener));
        for (const std::string& line : numbered(100)) {
            vigil::log::info("{}", line);
            CHECK_FALSE(sinks.pending());
        }
        vigil::log::info("end");
        CHECK(sinks.dropped() == 0);
    }
    reader.join();
    CHECK(got == numbered(100));
}

TEST_CASE("wait delivery: a listener that reads nothing costs one budget, not one per line") {
    Listener listener;
    LogSinks sinks(settings_for(listener));
    const auto start = std::chrono::steady_clock::now();
    for (const std::string& line : numbered(40)) {
        vigil::log::info("{}", line);
    }
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= log_wait_budget - 50ms);
    CHECK(took < log_wait_budget + 500ms);
    CHECK(sinks.pending());
    CHECK(sinks.dropped() == 0);
    // Drained after all, in order (the destructor would wait another budget otherwise).
    const std::vector<std::string> got = drain_all(sinks, listener);
    CHECK(got == numbered(40));
}

TEST_CASE("exit: the destructor waits (bounded) until queued lines are out; a forked child forgets them") {
    Listener listener;
    std::vector<std::string> got;
    std::atomic<bool> go{false};
    std::thread reader([&] {
        while (!go.load()) {
            std::this_thread::sleep_for(1ms);
        }
        for (;;) {
            std::string m = listener.read_one(2000ms);
            if (m.empty()) {
                return;
            }
            got.push_back(m);
            if (m == "Stopped") {
                return;
            }
            std::this_thread::sleep_for(100us);
        }
    });
    {
        LogSinks sinks(settings_for(listener));
        sinks.set_delivery(LogDelivery::queue);
        for (const std::string& line : numbered(50)) {
            vigil::log::info("{}", line);
        }
        vigil::log::info("Stopped");
        REQUIRE(sinks.pending());
        go = true;
    }
    reader.join();
    std::vector<std::string> expected = numbered(50);
    expected.emplace_back("Stopped");
    CHECK(got == expected);

    LogSinks sinks(settings_for(listener));
    sinks.set_delivery(LogDelivery::queue);
    for (const std::string& line : numbered(50)) {
        vigil::log::info("{}", line);
    }
    REQUIRE(sinks.pending());
    sinks.after_fork();
    CHECK_FALSE(sinks.pending());
    (void)listener.read_ready();
}

TEST_CASE("LogPump: the event loop drains the queue on EPOLLOUT and stops watching once empty") {
    Listener listener;
    LogSinks sinks(settings_for(listener));
    EventLoop loop;
    std::vector<std::string> got;
    {
        LogPump pump(loop);
        for (const std::string& line : numbered(300)) {
            vigil::log::info("{}", line); // queue delivery: never waits
        }
        REQUIRE(sinks.pending());
        // The listener reads a little at a time, as a slow syslog daemon.
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (sinks.pending() && std::chrono::steady_clock::now() < deadline) {
            if (std::string m = listener.read_one(0ms); !m.empty()) {
                got.push_back(std::move(m));
            }
            REQUIRE_FALSE(loop.run_once(10ms));
        }
        CHECK_FALSE(sinks.pending());
    }
    for (std::string& m : listener.read_ready()) {
        got.push_back(std::move(m));
    }
    CHECK(got == numbered(300));
    CHECK(sinks.dropped() == 0);
}

TEST_CASE("console on a pipe: a full pipe never blocks write(); the lines wait and arrive in order at exit") {
    std::array<int, 2> p{};
    REQUIRE(::pipe(p.data()) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // stderr becomes the pipe; the sink reopens it non-blocking (LogSinks::open_console).
        ::close(p[0]);
        ::dup2(p[1], STDERR_FILENO);
        ::close(p[1]);
        LogSettings settings;
        settings.syslog = SyslogLog::off;
        settings.console = ConsoleLog::on;
        int code = 0;
        {
            LogSinks sinks(settings);
            sinks.set_delivery(LogDelivery::queue);
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < 3000; ++i) { // ~150 kB: more than the pipe's 64 kB
                vigil::log::info("console line {} {}", i, std::string(20, 'x'));
            }
            if (std::chrono::steady_clock::now() - start > 500ms || !sinks.pending()) {
                code = 1;
            }
        } // the destructor waits for the reader (at most log_wait_budget)
        ::_exit(code);
    }
    ::close(p[1]);
    std::this_thread::sleep_for(50ms); // the child fills the pipe first
    std::string text;
    std::array<char, 4096> buf{};
    ssize_t n = 0;
    while ((n = ::read(p[0], buf.data(), buf.size())) > 0) {
        text.append(buf.data(), static_cast<std::size_t>(n));
    }
    ::close(p[0]);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    std::vector<std::string> got;
    for (std::size_t start = 0, nl = 0; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
        const std::string line = text.substr(start, nl - start);
        got.push_back(line.substr(line.find(": ") + 2));
    }
    REQUIRE(got.size() == 3000);
    for (int i = 0; i < 3000; ++i) {
        REQUIRE(got[static_cast<std::size_t>(i)] == fmt::format("console line {} {}", i, std::string(20, 'x')));
    }
}
