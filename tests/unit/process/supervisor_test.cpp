// The process model end to end without root: a forked "daemon" runs run_parent() with a fake
// VRRP child; the test watches pid files and the sd_notify datagrams, kills the child, reloads
// and stops the daemon. Every wait is a poll with a deadline.
#include "process/parent_process.hpp"

#include "util/unique_fd.hpp"

#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

using namespace vigil::process;
using namespace std::chrono_literals;

namespace {

struct TempDir {
    std::string path;
    TempDir() {
        char t[] = "/tmp/vigil-sup-XXXXXX";
        REQUIRE(mkdtemp(t) != nullptr);
        path = t;
    }
    ~TempDir() { std::system(("rm -rf " + path).c_str()); }
};

pid_t read_pid(const std::string& path) {
    std::ifstream in(path);
    pid_t pid = 0;
    in >> pid;
    return pid;
}

template <typename Pred>
bool wait_for(Pred pred, std::chrono::milliseconds limit = 3000ms) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) {
            return true;
        }
        std::this_thread::sleep_for(5ms);
    }
    return pred();
}

std::string recv_notify(int fd, std::chrono::milliseconds limit = 3000ms) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) {
        return "<timeout>";
    }
    std::array<char, 256> buf{};
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
    return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : "<error>";
}

// The fake VRRP child: reports config reads on start and SIGHUP, exits 0 on SIGTERM, or
// exits with $FAKE_CHILD_EXIT right away.
int fake_child(ChildChannel& channel) {
    if (const char* code = std::getenv("FAKE_CHILD_EXIT")) {
        return std::atoi(code);
    }
    channel.status("VRRP: 1 instance, 1 BACKUP");
    channel.config_read();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    for (;;) {
        int sig = 0;
        sigwait(&set, &sig);
        if (sig == SIGTERM) {
            return 0;
        }
        channel.config_read();
    }
}

// The fake BFD child: like the VRRP one, and it appends a line to $FAKE_BFD_LOG for each
// SIGUSR2 (the parent asks it to report its sessions again).
int fake_bfd_child(ChildChannel& channel) {
    channel.config_read();
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR2);
    for (;;) {
        int sig = 0;
        sigwait(&set, &sig);
        if (sig == SIGTERM) {
            return 0;
        }
        if (sig == SIGUSR2) {
            std::ofstream(std::getenv("FAKE_BFD_LOG"), std::ios::app) << "report\n";
        } else {
            channel.config_read();
        }
    }
}

enum class WithBfd { no, yes };

struct Daemon {
    TempDir dir;
    vigil::UniqueFd notify;
    pid_t pid = 0;
    std::string pid_file, vrrp_pid_file, bfd_pid_file, bfd_log;

    explicit Daemon(WithBfd bfd = WithBfd::no) {
        pid_file = dir.path + "/keepalived.pid";
        vrrp_pid_file = dir.path + "/vrrp.pid";
        bfd_pid_file = dir.path + "/bfd.pid";
        bfd_log = dir.path + "/bfd.log";
        const std::string sock = dir.path + "/notify";
        notify = vigil::UniqueFd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strcpy(addr.sun_path, sock.c_str());
        REQUIRE(::bind(notify.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
        std::ofstream(dir.path + "/keepalived.conf") << "vrrp_instance VI_1 {\n}\n";

        pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::setenv("NOTIFY_SOCKET", sock.c_str(), 1);
            ::setenv("TMPDIR", dir.path.c_str(), 1);
            DaemonSettings s;
            s.config_file = dir.path + "/keepalived.conf";
            s.command_line = {"keepalived", "-n", "-G"};
            s.dont_fork = true;
            s.no_syslog = true;
            s.pid_file = pid_file;
            s.vrrp_pid_file = vrrp_pid_file;
            s.bfd_pid_file = bfd_pid_file;
            ::setenv("FAKE_BFD_LOG", bfd_log.c_str(), 1);
            ParentHooks hooks;
            hooks.load_config = [bfd] {
                ProcessConfig c;
                c.has_vrrp = true;
                c.has_bfd = bfd == WithBfd::yes;
                c.child_wait_time = 2000ms;
                return std::optional<ProcessConfig>(c);
            };
            hooks.vrrp_main = &fake_child;
            hooks.bfd_main = &fake_bfd_child;
            ::_exit(run_parent(s, hooks));
        }
    }
    int wait_exit(std::chrono::milliseconds limit = 3000ms) {
        int status = -1;
        wait_for([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, limit);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    ~Daemon() {
        if (::waitpid(pid, nullptr, WNOHANG) == 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
};

} // namespace

TEST_CASE("parent: ready, respawn, reload, fast stop, pid files") {
    Daemon d;
    CHECK(recv_notify(d.notify.get()) == "STATUS=VRRP: 1 instance, 1 BACKUP");
    CHECK(recv_notify(d.notify.get()) == fmt::format("READY=1\nMAINPID={}", d.pid));
    CHECK(read_pid(d.pid_file) == d.pid);
    REQUIRE(wait_for([&] { return read_pid(d.vrrp_pid_file) > 0; }));
    const pid_t first_child = read_pid(d.vrrp_pid_file);

    // SIGKILL of the child: respawned at once (first quick death, back-off 0 s).
    ::kill(first_child, SIGKILL);
    CHECK(recv_notify(d.notify.get()) == "STATUS=VRRP: 1 instance, 1 BACKUP");
    CHECK(wait_for([&] {
        const pid_t p = read_pid(d.vrrp_pid_file);
        return p > 0 && p != first_child;
    }));

    ::kill(d.pid, SIGHUP);
    CHECK(recv_notify(d.notify.get()) == "RELOADING=1");
    CHECK(recv_notify(d.notify.get()) == "READY=1");

    // SIGUSR1: the parent writes keepalived_parent.data in $TMPDIR.
    ::kill(d.pid, SIGUSR1);
    CHECK(wait_for([&] { return access((d.dir.path + "/keepalived_parent.data").c_str(), F_OK) == 0; }));

    const auto t0 = std::chrono::steady_clock::now();
    ::kill(d.pid, SIGTERM);
    CHECK(d.wait_exit() == 0);
    const auto stop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    MESSAGE("stop took ", stop_ms.count(), " ms");
    CHECK(recv_notify(d.notify.get()) == "STOPPING=1");
    CHECK(access(d.pid_file.c_str(), F_OK) != 0);
    CHECK(access(d.vrrp_pid_file.c_str(), F_OK) != 0);
}

TEST_CASE("parent: a child exiting with 2 is a permanent CONFIG error (ERRNO=EINVAL)") {
    ::setenv("FAKE_CHILD_EXIT", "2", 1);
    Daemon d;
    ::unsetenv("FAKE_CHILD_EXIT");
    CHECK(recv_notify(d.notify.get()) == "ERRNO=22"); // keepalived: EINVAL
    // keepalived's scheduler ends without sigend: no "Stopping", no STOPPING=1
    CHECK(d.wait_exit() == 2);
}

TEST_CASE("parent with a BFD child: both ready, the VRRP child's respawn asks BFD to report again") {
    Daemon d(WithBfd::yes);
    CHECK(recv_notify(d.notify.get()) == "STATUS=VRRP: 1 instance, 1 BACKUP");
    CHECK(recv_notify(d.notify.get()) == fmt::format("READY=1\nMAINPID={}", d.pid));
    REQUIRE(wait_for([&] { return read_pid(d.vrrp_pid_file) > 0 && read_pid(d.bfd_pid_file) > 0; }));
    const pid_t bfd = read_pid(d.bfd_pid_file);
    ::kill(read_pid(d.vrrp_pid_file), SIGKILL);
    // The respawned VRRP child's status, before anything else can be sent (the reload below
    // raced with it when it was expected there).
    CHECK(recv_notify(d.notify.get()) == "STATUS=VRRP: 1 instance, 1 BACKUP");
    CHECK(wait_for([&] { return access(d.bfd_log.c_str(), F_OK) == 0; }));

    // A dead BFD child is respawned too; the VRRP child is left alone.
    const pid_t vrrp = read_pid(d.vrrp_pid_file);
    ::kill(bfd, SIGKILL);
    CHECK(wait_for([&] {
        const pid_t p = read_pid(d.bfd_pid_file);
        return p > 0 && p != bfd;
    }));
    CHECK(read_pid(d.vrrp_pid_file) == vrrp);

    ::kill(d.pid, SIGHUP);
    CHECK(recv_notify(d.notify.get()) == "RELOADING=1");
    CHECK(recv_notify(d.notify.get()) == "READY=1");

    ::kill(d.pid, SIGTERM);
    CHECK(d.wait_exit() == 0);
    CHECK(access(d.bfd_pid_file.c_str(), F_OK) != 0);
}
