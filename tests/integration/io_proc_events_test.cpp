// Root integration test of track_process on the kernel's process events (proc connector).
// The connector exists only in the initial network namespace, so unlike the other io_*
// programs this one stays in the host's namespace: it sends no packets and changes nothing,
// it only listens to process events and starts and kills a process of its own. Exit 77 when
// the connector is unavailable (not root, or already inside a network namespace).
#define DOCTEST_CONFIG_IMPLEMENT
#include "runtime/event_loop.hpp"
#include "track/proc_event_socket.hpp"
#include "track/process_tracker.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace vigil;
using namespace vigil::runtime;
using namespace vigil::track;
using namespace std::chrono_literals;

namespace {

// A copy of /bin/sleep under a name unique to this run, so that no other process matches.
struct Sleeper {
    std::string name = "vgtp" + std::to_string(::getpid());
    std::filesystem::path path = std::filesystem::temp_directory_path() / name;
    pid_t pid = -1;

    Sleeper() { std::filesystem::copy_file("/bin/sleep", path, std::filesystem::copy_options::overwrite_existing); }
    ~Sleeper() {
        stop();
        std::filesystem::remove(path);
    }
    void start() {
        pid = ::fork();
        if (pid == 0) {
            ::execl(path.c_str(), name.c_str(), "30", static_cast<char*>(nullptr));
            ::_exit(127);
        }
    }
    void stop() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            pid = -1;
        }
    }
};

template <typename Condition>
bool run_until(EventLoop& loop, Condition condition, std::chrono::milliseconds limit) {
    const auto end = Clock::now() + limit;
    while (!condition()) {
        if (Clock::now() >= end) {
            return false;
        }
        [[maybe_unused]] auto ec = loop.run_once(10ms);
    }
    return true;
}

} // namespace

TEST_CASE("proc connector: fork, exec and exit of our own child") {
    auto socket = ProcEventSocket::open();
    REQUIRE(socket);
    Sleeper sleeper;
    sleeper.start();
    const pid_t child = sleeper.pid;
    std::vector<ProcEvent> seen;
    auto collect = [&] {
        [[maybe_unused]] bool complete = socket->read([&](ProcEvent e, pid_t pid) {
            if (pid == child) {
                seen.push_back(e);
            }
        });
    };
    const auto end = Clock::now() + 2s;
    while (seen.size() < 2 && Clock::now() < end) {
        collect();
        ::usleep(1000);
    }
    REQUIRE(seen.size() >= 2);
    CHECK(seen[0] == ProcEvent::fork);
    CHECK(seen[1] == ProcEvent::exec);
    sleeper.stop();
    const auto end2 = Clock::now() + 2s;
    while ((seen.empty() || seen.back() != ProcEvent::exit) && Clock::now() < end2) {
        collect();
        ::usleep(1000);
    }
    CHECK(seen.back() == ProcEvent::exit);
}

TEST_CASE("track_process follows a process within milliseconds, without polling") {
    EventLoop loop;
    std::vector<bool> reports;
    ProcessTracker tracker(loop, [&](std::size_t, bool quorum) { reports.push_back(quorum); });
    Sleeper sleeper;
    config::TrackProcess spec;
    spec.name_ = "tp";
    spec.process_ = sleeper.name;
    tracker.start({spec});
    REQUIRE(tracker.event_driven());
    REQUIRE(reports.size() == 1);
    CHECK_FALSE(reports[0]);

    sleeper.start();
    // Polling would take up to 1 s; the events take a few milliseconds.
    CHECK(run_until(loop, [&] { return reports.size() == 2; }, 300ms));
    CHECK(reports.back());
    sleeper.stop();
    CHECK(run_until(loop, [&] { return reports.size() == 3; }, 300ms));
    CHECK_FALSE(reports.back());
}

int main(int argc, char** argv) {
    if (!ProcEventSocket::open()) {
        std::fprintf(stderr, "SKIP: the proc connector is not available (needs root in the initial network namespace)\n");
        return 77;
    }
    doctest::Context context(argc, argv);
    return context.run();
}
